package io.storefleet.agent.k8s.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Readiness of one live object from its status, like {@code kubectl rollout status}: workloads when the rollout
 * of the current generation is complete, Jobs when succeeded, everything else once it exists.
 */
public final class ObjectReadiness {

    /** Empty when ready, else why not (short, for the bundle's status message). */
    public static Optional<String> notReadyReason(Map<String, Object> live) {
        var kind = String.valueOf(live.get("kind"));
        var status = map(live.get("status"));
        return switch (kind) {
            case "Deployment" -> rollout(live, status, "updatedReplicas", "availableReplicas");
            case "StatefulSet" -> rollout(live, status, "updatedReplicas", "readyReplicas");
            case "DaemonSet" -> daemonSet(live, status);
            case "Job" -> job(live, status);
            default -> Optional.empty();
        };
    }

    private static Optional<String> rollout(Map<String, Object> live, Map<String, Object> status, String updatedField,
                                            String availableField) {
        var generation = number(map(live.get("metadata")).get("generation"), 0);
        if (number(status.get("observedGeneration"), -1) < generation) {
            return Optional.of("rollout not observed yet");
        }
        var wanted = number(map(live.get("spec")).get("replicas"), 1);
        var updated = number(status.get(updatedField), 0);
        if (updated < wanted) {
            return Optional.of(updated + "/" + wanted + " updated");
        }
        var total = number(status.get("replicas"), updated);
        if (total > updated) {
            return Optional.of((total - updated) + " old replicas pending termination");
        }
        var available = number(status.get(availableField), 0);
        return available < wanted ? Optional.of(available + "/" + wanted + " available") : Optional.empty();
    }

    private static Optional<String> daemonSet(Map<String, Object> live, Map<String, Object> status) {
        var generation = number(map(live.get("metadata")).get("generation"), 0);
        if (number(status.get("observedGeneration"), -1) < generation) {
            return Optional.of("rollout not observed yet");
        }
        var desired = number(status.get("desiredNumberScheduled"), 0);
        var updated = number(status.get("updatedNumberScheduled"), 0);
        var available = number(status.get("numberAvailable"), 0);
        if (updated < desired) {
            return Optional.of(updated + "/" + desired + " updated");
        }
        return available < desired ? Optional.of(available + "/" + desired + " available") : Optional.empty();
    }

    private static Optional<String> job(Map<String, Object> live, Map<String, Object> status) {
        if (status.get("conditions") instanceof List<?> conditions) {
            for (var c : conditions) {
                var condition = map(c);
                if ("True".equals(condition.get("status")) && "Failed".equals(condition.get("type"))) {
                    return Optional.of("failed: " + condition.getOrDefault("reason", "unknown"));
                }
                if ("True".equals(condition.get("status")) && "Complete".equals(condition.get("type"))) {
                    return Optional.empty();
                }
            }
        }
        var completions = number(map(live.get("spec")).get("completions"), 1);
        var succeeded = number(status.get("succeeded"), 0);
        return succeeded >= completions ? Optional.empty() : Optional.of(succeeded + "/" + completions + " succeeded");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static long number(Object value, long fallback) {
        return value instanceof Number n ? n.longValue() : fallback;
    }

    private ObjectReadiness() {
    }
}
