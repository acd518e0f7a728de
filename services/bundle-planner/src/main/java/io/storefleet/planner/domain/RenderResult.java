package io.storefleet.planner.domain;

import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.FailureReason;

/** What rendering one bundle gave: canonical manifests, or a typed reason why not. */
public sealed interface RenderResult {
    Bundle bundle();

    /**
     * @param manifests    canonical multi-document YAML
     * @param contentHash  sha256 of {@code manifests}
     * @param deploymentId content + options id, the same for every store until per-store values exist
     * @param objects      number of Kubernetes objects in {@code manifests}
     */
    record Rendered(Bundle bundle, String manifests, String contentHash, String deploymentId, DeploymentOptions options,
                    int objects) implements RenderResult {
    }

    /**
     * @param file   repo path of the offending file, when known
     * @param line   1-based line in that file, when known
     */
    record Failed(Bundle bundle, FailureReason reason, String file, Integer line, String detail) implements RenderResult {
    }
}
