package io.storefleet.dispatcher.messaging;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs tasks with the same key one after another, different keys concurrently. Many deployments are in
 * flight at once; without this, a retried older write for a topic could land after a newer one and win
 * as the retained value.
 */
final class KeySequencer {
    private final Map<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    <T> CompletionStage<T> submit(String key, Supplier<CompletionStage<T>> task) {
        var mine = new CompletableFuture<T>();
        var previous = tails.put(key, mine);
        var start = previous == null ? CompletableFuture.<Void>completedFuture(null) : previous.handle((v, e) -> (Void) null);
        start.thenCompose(v -> task.get()).whenComplete((v, e) -> {
            tails.remove(key, mine);
            if (e != null) {
                mine.completeExceptionally(e);
            } else {
                mine.complete(v);
            }
        });
        return mine;
    }

    int size() {
        return tails.size();
    }
}
