package io.storefleet.planner.domain.rollout;

import java.time.Duration;
import java.util.regex.Pattern;

/** Durations as fleet.yaml writes them: {@code 90s}, {@code 2m}, {@code 1h}, {@code 500ms}, or ISO-8601 ({@code PT2M}). */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    public static Duration parse(String text) {
        var t = text.strip();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        var m = SHORT.matcher(t);
        if (m.matches()) {
            var n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration (90s, 2m, 1h, PT2M): " + text);
        }
    }

    private Durations() {
    }
}
