package io.storefleet.agent.sim;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** A uniformly jittered delay, e.g. how long simulated objects take to become ready. */
public record DelayRange(Duration min, Duration max) {
    public static final DelayRange DEFAULT_READY = new DelayRange(Duration.ofMillis(50), Duration.ofMillis(200));

    public DelayRange {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= min <= max, got " + min + ".." + max);
        }
    }

    public static DelayRange ofMillis(long min, long max) {
        return new DelayRange(Duration.ofMillis(min), Duration.ofMillis(max));
    }

    /** Parses {@code MIN-MAX} or a single value, in milliseconds. */
    public static DelayRange parseMillis(String text) {
        var parts = text.trim().split("-", 2);
        var min = Long.parseLong(parts[0].trim());
        return ofMillis(min, parts.length == 1 ? min : Long.parseLong(parts[1].trim()));
    }

    public Duration pick(RandomGenerator random) {
        var span = max.toMillis() - min.toMillis();
        return min.plusMillis(span == 0 ? 0 : random.nextLong(span + 1));
    }
}
