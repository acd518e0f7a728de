package io.storefleet.planner.testing;

import io.agroal.api.AgroalDataSource;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.planner.messaging.CommitConsumer;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The planner's in-memory channels as a test drives them: deliver commits and inventory changes (with their ack/nack),
 * read what went out on the deployment and rollout topics. Sinks are cleared when it is made, once per test.
 */
public final class PlannerChannels {
    public final InMemorySink<String> deployments;
    public final InMemorySink<String> rolloutEvents;
    private final InMemoryConnector connector;

    public PlannerChannels(InMemoryConnector connector) {
        this.connector = connector;
        this.deployments = connector.sink(CommitConsumer.DEPLOYMENTS_OUT);
        this.rolloutEvents = connector.sink(CommitConsumer.ROLLOUT_OUT);
        deployments.clear();
        rolloutEvents.clear();
    }

    /** Empties {@code stores} and enrols {@code count} stores named with a random prefix ({@code <tag>-xxxxxx-001} …), region west. */
    public static List<String> freshStores(AgroalDataSource dataSource, String tag, int count) throws SQLException {
        var prefix = tag + "-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        var stores = new ArrayList<String>();
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute("DELETE FROM stores");
            for (int i = 1; i <= count; i++) {
                var store = prefix + String.format("%03d", i);
                statement.execute("INSERT INTO stores (id, name, region) VALUES ('" + store + "', 'Store " + store + "', 'west')");
                stores.add(store);
            }
        }
        return List.copyOf(stores);
    }

    public Delivery deliver(CommitDetected commit) {
        return deliver(EventCodec.encode(commit));
    }

    public Delivery deliver(String payload) {
        return send(CommitConsumer.COMMITS_IN, payload);
    }

    /** A Debezium change event of {@code stores} as inventory-cdc writes it (labels jsonb as a JSON string). */
    public Delivery deliverChange(String storeId, String op, long lsn, String labelsJson, boolean enrolled) {
        var row = "{\"id\":\"" + storeId + "\",\"name\":\"New\",\"region\":\"west\",\"timezone\":\"UTC\",\"format\":null,"
                + "\"labels\":" + EventCodec.encode(labelsJson) + ",\"enrolled\":" + enrolled + "}";
        var payload = "{\"before\":null,\"after\":" + row + ",\"op\":\"" + op + "\",\"source\":{\"lsn\":" + lsn + "},\"ts_ms\":" + lsn + "}";
        return send(CommitConsumer.INVENTORY_IN, payload);
    }

    public Delivery deliverChange(String payload) {
        return send(CommitConsumer.INVENTORY_IN, payload);
    }

    /** The events of that type that went out on the sink, in order. */
    public static <T extends FleetEvent> List<T> decoded(InMemorySink<String> sink, Class<T> type) {
        return sink.received().stream().map(m -> EventCodec.decode(m.getPayload())).filter(type::isInstance).map(type::cast).toList();
    }

    private Delivery send(String channel, String payload) {
        var delivery = new Delivery();
        connector.<Message<String>>source(channel).send(Message.of(payload, () -> {
            delivery.deploymentsSeenAtAck = deployments.received().size();
            delivery.ack.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            delivery.nack.complete(failure);
            return CompletableFuture.completedFuture(null);
        }));
        return delivery;
    }

    /** One delivered message: whether it was acked or nacked, and how many deployments had gone out when it was acked. */
    public static final class Delivery {
        final CompletableFuture<Void> ack = new CompletableFuture<>();
        final CompletableFuture<Throwable> nack = new CompletableFuture<>();
        volatile int deploymentsSeenAtAck = -1;

        public boolean acked() {
            return ack.isDone();
        }

        public boolean nacked() {
            return nack.isDone();
        }

        public int deploymentsSeenAtAck() {
            return deploymentsSeenAtAck;
        }
    }
}
