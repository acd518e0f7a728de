package io.storefleet.gitwatcher.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Periodic check of every repo; the interval is {@code storefleet.git-watcher.poll-interval}. */
@ApplicationScoped
public class PollJob {
    private final HeadWatcher watcher;

    public PollJob(HeadWatcher watcher) {
        this.watcher = watcher;
    }

    // SKIP: a slow fetch must not pile up overlapping polls.
    @Scheduled(identity = "git-poll", every = "${storefleet.git-watcher.poll-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        watcher.checkAll();
    }
}
