package io.storefleet.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ObjectDiffTest {
    private static final String A = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: pos\ndata:\n  x: \"1\"\n";
    private static final String A2 = A.replace("x: \"1\"", "x: \"2\"");
    private static final String B = "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n  namespace: pos\n";
    private static final String NS = "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: pos\n";

    static Stream<Arguments> diffs() {
        return Stream.of(
                arguments("nothing before: all added", "", A + B, List.of("ConfigMap pos/a", "Service pos/b"), List.of(), List.of()),
                arguments("same objects: no change", A + B, B + A, List.of(), List.of(), List.of()),
                arguments("a field changed", A + B, A2 + B, List.of(), List.of("ConfigMap pos/a"), List.of()),
                arguments("one removed, one added", A, B, List.of("Service pos/b"), List.of(), List.of("ConfigMap pos/a")),
                arguments("cluster-scoped object named without namespace", A, A + NS, List.of("Namespace pos"), List.of(), List.of()),
                arguments("bundle removed: all removed", A + B, "", List.of(), List.of(), List.of("ConfigMap pos/a", "Service pos/b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("diffs")
    void namesAddedChangedAndRemovedObjects(String rule, String before, String after, List<String> added, List<String> changed,
                                            List<String> removed) {
        var diff = ObjectDiff.between(before, after);

        assertThat(diff.added()).isEqualTo(added);
        assertThat(diff.changed()).isEqualTo(changed);
        assertThat(diff.removed()).isEqualTo(removed);
    }

    @org.junit.jupiter.api.Test
    void summaryNamesAFewObjectsAndCountsTheRest() {
        var diff = new ObjectDiff(List.of("ConfigMap p/a", "ConfigMap p/b", "ConfigMap p/c"), List.of("Service p/s"), List.of());

        assertThat(diff.summary(2)).isEqualTo("+ ConfigMap p/a, + ConfigMap p/b, … (2 more)");
        assertThat(new ObjectDiff(List.of(), List.of(), List.of()).summary(2)).isEqualTo("no object changes");
    }
}
