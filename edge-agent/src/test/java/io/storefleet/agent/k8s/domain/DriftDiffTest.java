package io.storefleet.agent.k8s.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DriftDiffTest {
    private static final Map<String, Object> APPLIED = Map.of(
            "metadata", Map.of("name", "pos", "labels", Map.of("app", "pos")),
            "spec", Map.of("replicas", 1, "template", Map.of("spec", Map.of("containers",
                    List.of(Map.of("name", "pos", "image", "pos:1.0"))))));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("identical", APPLIED, Set.of(), List.of()),
                Arguments.of("server defaults and status are not drift", Map.of(
                        "metadata", Map.of("name", "pos", "labels", Map.of("app", "pos"), "uid", "u1", "generation", 4),
                        "spec", Map.of("replicas", 1L, "strategy", Map.of("type", "RollingUpdate"),
                                "template", Map.of("spec", Map.of("containers", List.of(Map.of("name", "pos",
                                        "image", "pos:1.0", "imagePullPolicy", "IfNotPresent"))))),
                        "status", Map.of("replicas", 1)), Set.of(), List.of()),
                Arguments.of("scaled by hand", liveWith(1, 3, "pos:1.0", "pos"), Set.of(), List.of("/spec/replicas: 1 → 3")),
                Arguments.of("scaled, but replicas are ignored", liveWith(1, 3, "pos:1.0", "pos"), Set.of("/spec/replicas"), List.of()),
                Arguments.of("image swapped in a list", liveWith(1, 1, "evil:1", "pos"), Set.of(), List.of("/spec/template/spec/containers: changed")),
                Arguments.of("label removed", liveWith(1, 1, "pos:1.0", null), Set.of(), List.of("/metadata/labels/app: removed")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onlyAppliedFieldsCount(String name, Map<String, Object> live, Set<String> ignored, List<String> drift) {
        assertThat(DriftDiff.diff(APPLIED, live, ignored)).isEqualTo(drift);
    }

    private static Map<String, Object> liveWith(int ignoredInput, int replicas, String image, String label) {
        return Map.of("metadata", Map.of("name", "pos", "labels", label == null ? Map.of() : Map.of("app", label)),
                "spec", Map.of("replicas", replicas, "template", Map.of("spec", Map.of("containers",
                        List.of(Map.of("name", "pos", "image", image))))));
    }
}
