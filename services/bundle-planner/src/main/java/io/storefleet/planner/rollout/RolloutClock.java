package io.storefleet.planner.rollout;

import io.storefleet.planner.config.PlannerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The rollouts' notion of now: the system clock, or — with {@code storefleet.planner.clock-file} — the instant written in
 * that file, running on in real time from when the planner read it (so bake times still pass). Tests move time
 * by rewriting the file.
 */
@ApplicationScoped
public class RolloutClock extends Clock {
    private final Path file;
    private String lastContent;
    private Instant base;
    private long baseNanos;

    public RolloutClock(PlannerConfig config) {
        this.file = config.clockFile().orElse(null);
    }

    @Override
    public synchronized Instant instant() {
        if (file == null) {
            return Instant.now();
        }
        try {
            var content = Files.exists(file) ? Files.readString(file).strip() : "";
            if (!content.equals(lastContent)) {
                lastContent = content;
                base = content.isEmpty() ? Instant.now() : Instant.parse(content);
                baseNanos = System.nanoTime();
            }
        } catch (IOException | java.time.format.DateTimeParseException e) {
            throw new IllegalStateException("storefleet.planner.clock-file " + file + " is not an ISO-8601 instant: " + e.getMessage(), e);
        }
        return base.plusNanos(System.nanoTime() - baseNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the rollout clock is UTC");
    }
}
