package io.storefleet.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BundleStateTest {

    @ParameterizedTest(name = "worst of [{0}] is {1}")
    @CsvSource(delimiter = '|', value = {
            "Ready                                   | Ready",
            "Ready,NotReady                          | NotReady",
            "NotReady,Pending                        | Pending",
            "Pending,OutOfSync,Ready                 | OutOfSync",
            "Ready,Modified,OutOfSync                | Modified",
            "Modified,WaitApplied                    | WaitApplied",
            "Ready,WaitApplied,ErrApplied,NotReady   | ErrApplied",
    })
    void rollUpIsTheWorstState(String states, BundleState expected) {
        var list = Arrays.stream(states.split(",")).map(String::trim).map(BundleState::valueOf).toList();
        assertThat(BundleState.worst(list)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void nothingToRollUpIsReady() {
        assertThat(BundleState.worst(List.of())).isEqualTo(BundleState.Ready);
    }

    @org.junit.jupiter.api.Test
    void rankingFollowsFleetVocabularyWorstFirst() {
        var sorted = Arrays.stream(BundleState.values()).sorted(BundleState.WORST_FIRST.reversed()).toList();
        assertThat(sorted.get(0)).isEqualTo(BundleState.Ready);
        assertThat(BundleState.ErrApplied.isWorseThan(BundleState.WaitApplied)).isTrue();
        assertThat(BundleState.Ready.isWorseThan(BundleState.NotReady)).isFalse();
    }
}
