package io.storefleet.agent.mqtt;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential reconnect backoff with ±20 % jitter, so a broker restart is not met by all stores at once. */
final class Backoff {
    private final Duration first;
    private final Duration max;
    private int failures;

    Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
    }

    Duration next() {
        var exponent = Math.min(failures++, 20);
        var base = Math.min(max.toMillis(), first.toMillis() << exponent);
        var jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(1, (long) (base * jitter)));
    }

    void reset() {
        failures = 0;
    }
}
