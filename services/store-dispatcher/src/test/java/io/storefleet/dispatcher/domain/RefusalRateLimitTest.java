package io.storefleet.dispatcher.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefusalRateLimitTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /**
     * Steps at second N: "N store reason" = one refused message, "N due" = the periodic flush, "N drain" = shutdown.
     * Expected: the events recorded, in order, as "store reason count".
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            first refusal is recorded at once                 | 0 s1 StoreIdMismatch                                   | s1 StoreIdMismatch 1
            a burst is the first event plus nothing until the window passes | 0 s1 StoreIdMismatch; 1 s1 StoreIdMismatch; 2 s1 StoreIdMismatch; 59 due | s1 StoreIdMismatch 1
            the burst becomes one summary with its count when the window passes | 0 s1 StoreIdMismatch; 1 s1 StoreIdMismatch; 2 s1 SubjectMismatch; 60 due | s1 StoreIdMismatch 1; s1 SubjectMismatch 2
            a refusal after the window carries the ones folded before it | 0 s1 StoreIdMismatch; 30 s1 StoreIdMismatch; 61 s1 SubjectMismatch | s1 StoreIdMismatch 1; s1 SubjectMismatch 2
            a summary opens a new window: next one a minute later | 0 s1 A; 1 s1 A; 60 due; 61 s1 A; 62 s1 A; 100 due; 120 due | s1 A 1; s1 A 1; s1 A 2
            a quiet window is forgotten: the next refusal is first again | 0 s1 A; 60 due; 61 s1 A | s1 A 1; s1 A 1
            a lone refusal after a quiet window is recorded as itself | 0 s1 A; 70 s1 B | s1 A 1; s1 B 1
            stores are limited apart                           | 0 s1 A; 1 s2 A; 2 s1 A; 3 s2 A; 4 s2 A; 62 due | s1 A 1; s2 A 1; s1 A 1; s2 A 2
            one store's spam does not hold back another's first | 0 s1 A; 1 s1 A; 2 s1 A; 3 s2 B | s1 A 1; s2 B 1
            shutdown records what is pending, window or not  | 0 s1 A; 1 s1 A; 2 s2 B; 3 s1 B; 10 drain; 11 due  | s1 A 1; s2 B 1; s1 B 2
            after a drain a store's next refusal is first again | 0 s1 A; 1 s1 A; 2 drain; 3 s1 A      | s1 A 1; s1 A 1; s1 A 1
            """)
    void recordsAtMostOneEventPerStorePerWindow(String rule, String steps, String expected) {
        var limit = new RefusalRateLimit(MINUTE);
        var recorded = new ArrayList<String>();

        for (var step : steps.split(";")) {
            var parts = step.strip().split(" ");
            var now = T0.plusSeconds(Long.parseLong(parts[0]));
            if (parts[1].equals("due") || parts[1].equals("drain")) {
                (parts[1].equals("due") ? limit.due(now) : limit.drain())
                        .forEach(r -> recorded.add(r.storeId() + " " + r.reason() + " " + r.count()));
            } else {
                limit.refused(parts[1], parts[2], "detail " + parts[0], now)
                        .ifPresent(r -> recorded.add(r.storeId() + " " + r.reason() + " " + r.count()));
            }
        }

        assertThat(recorded).as(rule).containsExactly(expected.split("; "));
    }

    @Test
    void countsOfAllEventsAddUpToEveryRefusal() {
        var limit = new RefusalRateLimit(MINUTE);
        var events = new ArrayList<RefusalRateLimit.Record>();
        for (int i = 0; i < 1000; i++) { // 250 s of spam, 4 a second
            limit.refused("s1", "StoreIdMismatch", "forged " + i, T0.plusMillis(i * 250L)).ifPresent(events::add);
        }
        events.addAll(limit.due(T0.plus(Duration.ofHours(1))));

        assertThat(events).extracting(RefusalRateLimit.Record::count).containsExactly(1, 240, 240, 240, 240, 39);
    }

    @Test
    void aSummaryNamesTheCountPerReasonAndTheLastDetail() {
        var limit = new RefusalRateLimit(MINUTE);
        limit.refused("s1", "StoreIdMismatch", "topic store s1, event store s2", T0);
        limit.refused("s1", "StoreIdMismatch", "topic store s1, event store s3", T0.plusSeconds(1));
        limit.refused("s1", "SubjectMismatch", "topic store s1, subject s4", T0.plusSeconds(2));

        var summary = limit.due(T0.plus(MINUTE));

        assertThat(summary).singleElement().satisfies(r -> {
            assertThat(r.count()).isEqualTo(2);
            assertThat(r.detail()).isEqualTo("2 refused messages since 2026-11-26T10:00:00Z (StoreIdMismatch 1, "
                    + "SubjectMismatch 1); last: topic store s1, subject s4");
        });
        assertThat(limit.due(T0.plus(MINUTE.multipliedBy(2)))).isEmpty();
        assertThat(limit.tracked()).isZero();
    }

    @Test
    void windowMustBePositive() {
        assertThatThrownBy(() -> new RefusalRateLimit(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
