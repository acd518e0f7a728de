package io.storefleet.agent.sim;

import io.vertx.core.AbstractVerticle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Function;

/** The stores of one event loop; connects them at most {@code concurrency} at a time. */
final class StoreShard extends AbstractVerticle {
    private final List<String> storeIds;
    private final Function<String, SimulatedStore> factory;
    private final int concurrency;
    private final Duration heartbeatInterval;
    private final ArrayDeque<SimulatedStore> toConnect = new ArrayDeque<>();
    private int inFlight;

    StoreShard(List<String> storeIds, Function<String, SimulatedStore> factory, int concurrency,
               Duration heartbeatInterval) {
        this.storeIds = storeIds;
        this.factory = factory;
        this.concurrency = Math.max(1, concurrency);
        this.heartbeatInterval = heartbeatInterval;
    }

    @Override
    public void start() {
        // created here so their timers and connections belong to this shard's context
        storeIds.forEach(id -> {
            var store = factory.apply(id);
            // spread the first heartbeats over one interval, so they do not all arrive in the same second
            var offset = 1 + java.util.concurrent.ThreadLocalRandom.current().nextLong(heartbeatInterval.toMillis());
            vertx.setTimer(offset, t -> store.agent.startHeartbeats(heartbeatInterval));
            toConnect.add(store);
        });
        connectNext();
    }

    private void connectNext() {
        while (inFlight < concurrency && !toConnect.isEmpty()) {
            var store = toConnect.poll();
            inFlight++;
            store.connection.connect().onComplete(ar -> {
                inFlight--;
                connectNext();
            });
        }
    }
}
