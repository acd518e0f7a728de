package io.storefleet.agent.k8s.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ThreeWayMergeTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("live matches: no write",
                        Map.of("data", Map.of("a", "1")), Map.of("data", Map.of("a", "1")),
                        Map.of("data", Map.of("a", "1"), "metadata", Map.of("uid", "u")), Set.of(), Map.of()),
                Arguments.of("changed field is set",
                        Map.of("data", Map.of("a", "1")), Map.of("data", Map.of("a", "2")),
                        Map.of("data", Map.of("a", "1")), Set.of(), Map.of("data", Map.of("a", "2"))),
                Arguments.of("field dropped from desired is deleted",
                        Map.of("data", Map.of("a", "1", "b", "2")), Map.of("data", Map.of("a", "1")),
                        Map.of("data", Map.of("a", "1", "b", "2")), Set.of(), Map.of("data", nullAt("b"))),
                Arguments.of("field set by someone else survives",
                        Map.of("data", Map.of("a", "1")), Map.of("data", Map.of("a", "1")),
                        Map.of("data", Map.of("a", "1", "theirs", "x")), Set.of(), Map.of()),
                Arguments.of("drifted field is reverted",
                        Map.of("spec", Map.of("replicas", 1)), Map.of("spec", Map.of("replicas", 1)),
                        Map.of("spec", Map.of("replicas", 3L)), Set.of(), Map.of("spec", Map.of("replicas", 1))),
                Arguments.of("ignored field is not reverted",
                        Map.of("spec", Map.of("replicas", 1)), Map.of("spec", Map.of("replicas", 1)),
                        Map.of("spec", Map.of("replicas", 3L)), Set.of("/spec/replicas"), Map.of()),
                Arguments.of("list with server-defaulted items is not rewritten",
                        Map.of(), Map.of("c", List.of(Map.of("name", "pos"))),
                        Map.of("c", List.of(Map.of("name", "pos", "imagePullPolicy", "Always"))), Set.of(), Map.of()),
                Arguments.of("changed list is replaced whole",
                        Map.of(), Map.of("c", List.of(Map.of("name", "pos"))),
                        Map.of("c", List.of(Map.of("name", "old"))), Set.of(), Map.of("c", List.of(Map.of("name", "pos")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void patchTakesLiveToDesiredForOurFields(String name, Map<String, Object> last, Map<String, Object> desired,
                                             Map<String, Object> live, Set<String> ignored, Map<String, Object> patch) {
        var computed = ThreeWayMerge.patch(last, desired, live, ignored);

        assertThat(computed).isEqualTo(patch);
        if (ignored.isEmpty()) {
            assertThat(DriftDiff.diff(desired, ThreeWayMerge.applyPatch(live, computed), Set.of())).isEmpty();
        }
    }

    private static Map<String, Object> nullAt(String key) {
        var map = new HashMap<String, Object>();
        map.put(key, null);
        return map;
    }
}
