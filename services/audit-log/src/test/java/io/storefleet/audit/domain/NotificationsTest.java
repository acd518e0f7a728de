package io.storefleet.audit.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.storefleet.audit.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class NotificationsTest {

    @Test
    void planningFailedAndWaveHaltedPageAndEverythingElseDoesNot() {
        var failed = LedgerMapping.toRow(planningFailed("shop", "0123456789abcdef", "pos"), null);
        assertThat(Notifications.forEntry(failed)).hasValueSatisfying(text -> assertThat(text)
                .startsWith(":x: Planning failed: repo shop commit 0123456789ab bundle pos"));
        var halted = new LedgerRow("e1", "WaveHalted", "t", null, null, "shop", "abc", "planner", "planner", null, "{}");
        assertThat(Notifications.forEntry(halted)).hasValueSatisfying(t -> assertThat(t).contains("wave halted"));
        var why = new LedgerRow("e2", "WaveHalted", "t", null, "pos", "shop", "abc", "planner", "planner", null,
                "{\"rolloutId\":\"pos@abc\",\"name\":\"canary\",\"reason\":\"3 of 3 stores failed, threshold 1\"}");
        assertThat(Notifications.forEntry(why)).hasValueSatisfying(t -> assertThat(t)
                .endsWith(" — rolloutId: pos@abc; name: canary; reason: 3 of 3 stores failed, threshold 1"));
        assertThat(Notifications.forEntry(failed)).hasValueSatisfying(t -> assertThat(t).contains("reason: YamlInvalid"));
        assertThat(Notifications.forEntry(LedgerMapping.toRow(heartbeat("s1"), null))).isEmpty();
        assertThat(Notifications.forEntry(LedgerMapping.toRow(offline("s1"), null))).isEmpty();
    }

    @Test
    void offlineTextSaysForHowLong() {
        assertThat(Notifications.offline("s1", Instant.parse("2026-01-05T10:00:00Z"), Instant.parse("2026-01-05T10:25:30Z")))
                .isEqualTo(":electric_plug: Store s1 offline for 25 min (last seen 2026-01-05T10:00:00Z)");
    }
}
