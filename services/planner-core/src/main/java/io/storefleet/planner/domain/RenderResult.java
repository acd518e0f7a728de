package io.storefleet.planner.domain;

import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.FailureReason;

import java.util.List;
import java.util.Map;

/** What rendering one bundle gave: canonical manifests (per store when targeted), or a typed reason why not. */
public sealed interface RenderResult {
    Bundle bundle();

    /**
     * One rendering of a bundle.
     *
     * @param manifests    canonical multi-document YAML
     * @param contentHash  sha256 of {@code manifests}
     * @param deploymentId content + options id
     * @param objects      number of Kubernetes objects in {@code manifests}
     */
    record Rendered(Bundle bundle, String manifests, String contentHash, String deploymentId, DeploymentOptions options,
                    int objects) implements RenderResult {
    }

    /**
     * A bundle planned for a set of stores.
     *
     * @param byStore     store id → what it gets; stores left out are not targeted ({@code doNotDeploy})
     * @param renders     distinct renderings made (stores with identical effective inputs share one)
     * @param warnings    Fleet fields storefleet does not act on
     * @param failures    store id → why its own inputs (values, templates) do not render; those stores keep what they run
     */
    record Targeted(Bundle bundle, Map<String, Rendered> byStore, int renders, List<String> warnings,
                    Map<String, Failed> failures) implements RenderResult {
        public Targeted {
            byStore = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byStore));
            warnings = List.copyOf(warnings);
            failures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failures));
        }

        public Targeted(Bundle bundle, Map<String, Rendered> byStore, int renders, List<String> warnings) {
            this(bundle, byStore, renders, warnings, Map.of());
        }
    }

    /**
     * @param file   repo path of the offending file, when known
     * @param line   1-based line in that file, when known
     */
    record Failed(Bundle bundle, FailureReason reason, String file, Integer line, String detail) implements RenderResult {
    }
}
