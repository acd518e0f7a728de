package io.storefleet.audit.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Which ledger entries page a human, and the Slack-compatible text for them. Pure. */
public final class Notifications {

    /** A new ledger row worth a notification: halted waves and planning failures. */
    public static Optional<String> forEntry(LedgerRow row) {
        return switch (row.type()) {
            case "WaveHalted" -> Optional.of(":octagonal_sign: Rollout wave halted: " + describe(row)
                    + why(row, "rolloutId", "name", "reason"));
            case "PlanningFailed" -> Optional.of(":x: Planning failed: " + describe(row)
                    + why(row, "reason", "file", "detail"));
            default -> Optional.empty();
        };
    }

    public static String offline(String storeId, Instant lastSeen, Instant now) {
        var minutes = lastSeen == null ? null : Duration.between(lastSeen, now).toMinutes();
        return ":electric_plug: Store " + storeId + " offline"
                + (minutes == null ? "" : " for " + minutes + " min (last seen " + lastSeen + ")");
    }

    /** The payload's own words (rollout, wave, reason; failure reason, file, detail), so the page says why. */
    private static String why(LedgerRow row, String... fields) {
        com.fasterxml.jackson.databind.JsonNode payload;
        try {
            payload = io.storefleet.model.EventCodec.mapper().readTree(row.payload());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            return "";
        }
        var parts = new java.util.ArrayList<String>();
        for (var f : fields) {
            var v = payload == null ? null : payload.get(f);
            if (v != null && !v.isNull() && !v.asText().isBlank()) {
                parts.add(f + ": " + v.asText());
            }
        }
        return parts.isEmpty() ? "" : " — " + String.join("; ", parts);
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
