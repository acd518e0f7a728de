package io.storefleet.audit.messaging;

import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The recorder's channels in memory, as its tests drive them: poll batches in (acks counted), dead letters out. */
abstract class RecorderChannelTest {

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    InMemorySource<Message<List<String>>> source;
    InMemorySink<String> deadLetters;
    /** Acks of the batches sent with {@link #sendBatch}. */
    final AtomicInteger acked = new AtomicInteger();

    @BeforeEach
    void channels() {
        // Hibernate Reactive needs a Vert.x context, as the Kafka connector provides one.
        source = connector.<Message<List<String>>>source(EventRecorder.EVENTS_IN).runOnVertxContext(true);
        deadLetters = connector.sink(EventRecorder.DEAD_LETTERS_OUT);
    }

    /** One poll batch of raw record values; its ack counts in {@link #acked}. */
    void sendBatch(String... payloads) {
        source.send(Message.of(Arrays.asList(payloads)).withAck(() -> {
            acked.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }));
    }

    /** One poll batch of events; its ack counts in {@link #acked}. */
    void sendBatch(FleetEvent... events) {
        sendBatch(Arrays.stream(events).map(EventCodec::encode).toArray(String[]::new));
    }

    void awaitAcks(int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> acked.get() == count);
    }

    static void awaitEvents(String store, int count) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("store", store)
                .get("/api/events/count").then().statusCode(200).body("count", equalTo(count)));
    }
}
