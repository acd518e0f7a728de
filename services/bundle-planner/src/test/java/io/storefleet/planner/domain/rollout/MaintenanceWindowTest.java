package io.storefleet.planner.domain.rollout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaintenanceWindowTest {
    static final String WEEK = "mon 07:00-22:00;tue 07:00-22:00;wed 07:00-22:00;thu 07:00-22:00;fri 07:00-22:00;sat 07:00-22:00;sun 08:00-21:00";
    static final String FREEZE = "2026-11-23..2026-11-30;2026-12-24";

    @ParameterizedTest(name = "{0}: {1} {2} at {5} → {6} {7}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                          | timezone          | hours                    | freeze | unused | now (UTC)            | opensAt (UTC, '-' = open now) | reason
            trading hours, Chicago noon     | America/Chicago   | WEEK                     | FREEZE | -      | 2026-12-02T18:00:00Z | 2026-12-03T04:00:00Z | window opens 22:00 local
            after closing                   | America/Chicago   | WEEK                     | FREEZE | -      | 2026-12-03T05:00:00Z | -                    | -
            one minute before opening       | America/Chicago   | WEEK                     | FREEZE | -      | 2026-12-03T12:59:00Z | -                    | -
            at opening                      | America/Chicago   | WEEK                     | FREEZE | -      | 2026-12-03T13:00:00Z | 2026-12-04T04:00:00Z | window opens 22:00 local
            same instant, LA still trading  | America/Los_Angeles | WEEK                   | FREEZE | -      | 2026-12-03T05:00:00Z | 2026-12-03T06:00:00Z | window opens 22:00 local
            freeze week, night              | America/Chicago   | WEEK                     | FREEZE | -      | 2026-11-26T05:00:00Z | 2026-12-01T06:00:00Z | freeze period; window opens Tue 2026-12-01 00:00 local
            day after a single freeze date   | America/Chicago   | WEEK                     | FREEZE | -      | 2026-12-26T05:00:00Z | -                    | -
            single freeze date, that night  | America/Chicago   | WEEK                     | FREEZE | -      | 2026-12-24T05:00:00Z | -                    | -
            on the frozen day               | America/Chicago   | WEEK                     | FREEZE | -      | 2026-12-25T04:00:00Z | 2026-12-25T06:00:00Z | freeze period; window opens 00:00 local
            overnight bar, Saturday 01:00   | UTC               | fri 18:00-02:00          | -      | -      | 2026-12-05T01:00:00Z | 2026-12-05T02:00:00Z | window opens 02:00 local
            overnight bar, Saturday 02:00   | UTC               | fri 18:00-02:00          | -      | -      | 2026-12-05T02:00:00Z | -                    | -
            overnight bar, Friday 17:59     | UTC               | fri 18:00-02:00          | -      | -      | 2026-12-04T17:59:00Z | -                    | -
            DST spring forward: 02:30 skipped, closes 03:30 EDT | America/New_York | sat 10:00-02:30 | - | - | 2026-03-08T07:00:00Z | 2026-03-08T07:30:00Z | window opens 03:30 local
            DST fall back: closes at first 01:30 EDT | America/New_York | sat 10:00-01:30 | -      | -      | 2026-11-01T05:29:00Z | 2026-11-01T05:30:00Z | window opens 01:30 local
            DST fall back: repeated 01:15 EST is closed | America/New_York | sat 10:00-01:30 | -  | -      | 2026-11-01T06:15:00Z | -                    | -
            open until midnight (24:00)     | UTC               | mon 00:00-24:00          | -      | -      | 2026-11-30T12:00:00Z | 2026-12-01T00:00:00Z | window opens 00:00 local
            no opening hours: always closed | UTC               | -                        | -      | -      | 2026-11-30T12:00:00Z | -                    | -
            no timezone means UTC           | -                 | mon 07:00-22:00          | -      | -      | 2026-11-30T12:00:00Z | 2026-11-30T22:00:00Z | window opens 22:00 local
            """)
    void decidesFromLocalHoursAndFreezeDates(String name, String zone, String hours, String freeze, String unused, Instant now,
                                             Instant opensAt, String reason) {
        var window = MaintenanceWindow.of(zone, "WEEK".equals(hours) ? WEEK : hours, "FREEZE".equals(freeze) ? FREEZE : freeze);

        var decision = window.at(now);

        if (opensAt == null) {
            assertThat(decision).isInstanceOf(MaintenanceWindow.Open.class);
        } else {
            assertThat(decision).isEqualTo(new MaintenanceWindow.Closed(opensAt, reason));
        }
    }

    @Test
    void aStoreThatNeverClosesHasNoWindow() {
        var always = "mon 00:00-24:00;tue 00:00-24:00;wed 00:00-24:00;thu 00:00-24:00;fri 00:00-24:00;sat 00:00-24:00;sun 00:00-24:00";

        assertThat(MaintenanceWindow.of("UTC", always, null).at(Instant.parse("2026-12-02T03:00:00Z")))
                .isEqualTo(new MaintenanceWindow.Closed(null, "store never closes"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Mars/Olympus | mon 07:00-22:00 | 2026-01-01 | unknown timezone
            UTC          | monday 07:00-22:00 | 2026-01-01 | unknown weekday
            UTC          | mon 7-22        | 2026-01-01 | bad time
            UTC          | mon 07:00-22:00 | 2026-13-01 | is not 'yyyy-mm-dd..yyyy-mm-dd'
            UTC          | mon 07:00-22:00 | 2026-12-02..2026-12-01 | ends before it starts
            """)
    void unreadableInventoryIsNamed(String zone, String hours, String freeze, String message) {
        assertThatThrownBy(() -> MaintenanceWindow.of(zone, hours, freeze)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
