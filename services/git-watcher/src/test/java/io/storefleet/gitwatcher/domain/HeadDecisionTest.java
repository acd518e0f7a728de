package io.storefleet.gitwatcher.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeadDecisionTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // stored, head, expected
                Arguments.of(null, "aaa", new HeadDecision.Emit("aaa", null)),
                Arguments.of("aaa", "aaa", new HeadDecision.Unchanged("aaa")),
                Arguments.of("aaa", "bbb", new HeadDecision.Emit("bbb", "aaa")),
                // a force-push back to an older commit is still a move of the head
                Arguments.of("bbb", "aaa", new HeadDecision.Emit("aaa", "bbb")));
    }

    @ParameterizedTest(name = "stored {0}, head {1} -> {2}")
    @MethodSource("cases")
    void decidesFromStoredAndFetchedHead(String stored, String head, HeadDecision expected) {
        assertThat(HeadDecision.decide(Optional.ofNullable(stored), head)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void refusesAMissingHead() {
        assertThatThrownBy(() -> HeadDecision.decide(Optional.empty(), " "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
