package io.storefleet.cli.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class StatsTest {

    @ParameterizedTest(name = "p{0} of 1..100 is {1}")
    @CsvSource({"50, 50", "95, 95", "99, 99", "100, 100", "1, 1", "0, 1"})
    void nearestRankOfOneToHundred(double percent, double expected) {
        var sorted = IntStream.rangeClosed(1, 100).mapToDouble(i -> i).toArray();
        assertThat(Stats.rank(sorted, percent)).isEqualTo(expected);
    }

    @Test
    void singleValueIsEveryPercentile() {
        assertThat(Stats.of(List.of(2.5))).isEqualTo(new Stats(1, 2.5, 2.5, 2.5, 2.5));
    }

    @Test
    void unsortedInputIsSortedFirst() {
        var stats = Stats.of(List.of(3.0, 1.0, 2.0, 10.0));
        assertThat(stats.p50()).isEqualTo(2.0);
        assertThat(stats.max()).isEqualTo(10.0);
    }

    @Test
    void noValuesGiveEmpty() {
        assertThat(Stats.of(List.of())).isEqualTo(Stats.EMPTY);
    }
}
