package io.storefleet.audit.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Which ledger entries page a human, and the Slack-compatible text for them. Pure. */
public final class Notifications {

    /** A new ledger row worth a notification: halted waves and planning failures. */
    public static Optional<String> forEntry(LedgerRow row) {
        return switch (row.type()) {
            case "WaveHalted" -> Optional.of(":octagonal_sign: Rollout wave halted: " + describe(row));
            case "PlanningFailed" -> Optional.of(":x: Planning failed: " + describe(row));
            default -> Optional.empty();
        };
    }

    public static String offline(String storeId, Instant lastSeen, Instant now) {
        var minutes = lastSeen == null ? null : Duration.between(lastSeen, now).toMinutes();
        return ":electric_plug: Store " + storeId + " offline"
                + (minutes == null ? "" : " for " + minutes + " min (last seen " + lastSeen + ")");
    }

    private static String describe(LedgerRow row) {
        var parts = new StringBuilder();
        if (row.repo() != null) {
            parts.append("repo ").append(row.repo()).append(' ');
        }
        if (row.commitSha() != null) {
            parts.append("commit ").append(row.commitSha(), 0, Math.min(12, row.commitSha().length())).append(' ');
        }
        if (row.bundle() != null) {
            parts.append("bundle ").append(row.bundle()).append(' ');
        }
        if (row.storeId() != null) {
            parts.append("store ").append(row.storeId()).append(' ');
        }
        return parts.append("(event ").append(row.eventId()).append(')').toString();
    }

    private Notifications() {
    }
}
