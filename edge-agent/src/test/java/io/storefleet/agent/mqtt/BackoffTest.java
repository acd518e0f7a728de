package io.storefleet.agent.mqtt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @ParameterizedTest(name = "failure {0}: {1} ms ± 20 %")
    @CsvSource({"1, 1000", "2, 2000", "3, 4000", "4, 8000", "5, 16000", "6, 30000", "7, 30000", "40, 30000"})
    void doublesPerFailureUpToTheCapWithJitter(int failures, long baseMillis) {
        for (int run = 0; run < 50; run++) {
            var backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
            Duration delay = null;
            for (int i = 0; i < failures; i++) {
                delay = backoff.next();
            }
            assertThat(delay.toMillis()).isBetween((long) (baseMillis * 0.8), (long) (baseMillis * 1.2));
        }
    }

    @ParameterizedTest(name = "reset after {0} failures starts again at the first delay")
    @CsvSource({"1", "5", "30"})
    void resetStartsOver(int failures) {
        var backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        for (int i = 0; i < failures; i++) {
            backoff.next();
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isBetween(800L, 1200L);
    }
}
