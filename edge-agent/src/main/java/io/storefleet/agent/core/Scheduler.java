package io.storefleet.agent.core;

import java.time.Duration;

/** Timers without threads of our own: Vert.x timers in the simulator, a manual clock in tests. */
@FunctionalInterface
public interface Scheduler {

    Cancellable schedule(Duration delay, Runnable task);

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
