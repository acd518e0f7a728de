package io.storefleet.agent.sim;

import io.storefleet.agent.core.Scheduler;
import io.vertx.core.Vertx;

import java.time.Duration;

/** Vert.x timers; scheduled from a context, they fire on that context, so a store stays single-threaded. */
public final class VertxScheduler implements Scheduler {
    private final Vertx vertx;

    public VertxScheduler(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        var id = vertx.setTimer(Math.max(1, delay.toMillis()), t -> task.run());
        return () -> vertx.cancelTimer(id);
    }
}
