package io.storefleet.agent.k8s.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectReadinessTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ConfigMap exists", obj("ConfigMap", 1, Map.of(), null), null),
                Arguments.of("Deployment never observed", obj("Deployment", 2, Map.of("replicas", 2), Map.of()), "rollout not observed yet"),
                Arguments.of("Deployment observed an old generation", obj("Deployment", 2, Map.of("replicas", 2),
                        Map.of("observedGeneration", 1, "updatedReplicas", 2, "availableReplicas", 2)), "rollout not observed yet"),
                Arguments.of("Deployment half updated", obj("Deployment", 2, Map.of("replicas", 2),
                        Map.of("observedGeneration", 2, "updatedReplicas", 1, "replicas", 2, "availableReplicas", 2)), "1/2 updated"),
                Arguments.of("Deployment old replica terminating", obj("Deployment", 2, Map.of("replicas", 2),
                        Map.of("observedGeneration", 2, "updatedReplicas", 2, "replicas", 3, "availableReplicas", 2)), "1 old replicas pending termination"),
                Arguments.of("Deployment not available", obj("Deployment", 2, Map.of("replicas", 2),
                        Map.of("observedGeneration", 2, "updatedReplicas", 2, "replicas", 2, "availableReplicas", 1)), "1/2 available"),
                Arguments.of("Deployment rolled out", obj("Deployment", 2, Map.of("replicas", 2),
                        Map.of("observedGeneration", 2, "updatedReplicas", 2, "replicas", 2, "availableReplicas", 2)), null),
                Arguments.of("Deployment replicas default to 1", obj("Deployment", 1, Map.of(),
                        Map.of("observedGeneration", 1L, "updatedReplicas", 1L, "availableReplicas", 1L)), null),
                Arguments.of("StatefulSet not ready", obj("StatefulSet", 1, Map.of("replicas", 3),
                        Map.of("observedGeneration", 1, "updatedReplicas", 3, "readyReplicas", 2)), "2/3 available"),
                Arguments.of("StatefulSet ready", obj("StatefulSet", 1, Map.of("replicas", 3),
                        Map.of("observedGeneration", 1, "updatedReplicas", 3, "readyReplicas", 3)), null),
                Arguments.of("DaemonSet updating", obj("DaemonSet", 1, Map.of(), Map.of("observedGeneration", 1,
                        "desiredNumberScheduled", 1, "updatedNumberScheduled", 0, "numberAvailable", 1)), "0/1 updated"),
                Arguments.of("DaemonSet ready", obj("DaemonSet", 1, Map.of(), Map.of("observedGeneration", 1,
                        "desiredNumberScheduled", 1, "updatedNumberScheduled", 1, "numberAvailable", 1)), null),
                Arguments.of("Job running", obj("Job", 1, Map.of(), Map.of("active", 1)), "0/1 succeeded"),
                Arguments.of("Job succeeded", obj("Job", 1, Map.of(), Map.of("succeeded", 1)), null),
                Arguments.of("Job complete condition", obj("Job", 1, Map.of("completions", 3),
                        Map.of("conditions", List.of(Map.of("type", "Complete", "status", "True")))), null),
                Arguments.of("Job failed", obj("Job", 1, Map.of(), Map.of("conditions",
                        List.of(Map.of("type", "Failed", "status", "True", "reason", "BackoffLimitExceeded")))), "failed: BackoffLimitExceeded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readinessFollowsTheStatus(String name, Map<String, Object> live, String reason) {
        assertThat(ObjectReadiness.notReadyReason(live).orElse(null)).isEqualTo(reason);
    }

    private static Map<String, Object> obj(String kind, long generation, Map<String, Object> spec, Map<String, Object> status) {
        var metadata = Map.<String, Object>of("name", "x", "generation", generation);
        return status == null ? Map.of("kind", kind, "metadata", metadata, "spec", spec)
                : Map.of("kind", kind, "metadata", metadata, "spec", spec, "status", status);
    }
}
