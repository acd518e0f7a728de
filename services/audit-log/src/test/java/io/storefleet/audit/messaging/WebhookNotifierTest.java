package io.storefleet.audit.messaging;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.storefleet.audit.PostgresTestResource;
import io.storefleet.audit.WebhookReceiverResource;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.StoreOffline;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.storefleet.audit.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Slack-compatible posts: a planning failure once (not again on redelivery), a long-offline store once per episode. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(WebhookReceiverResource.class)
class WebhookNotifierTest {

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Test
    void aPlanningFailurePostsOnceEvenWhenRedelivered() {
        var source = connector.<Message<List<String>>>source(EventRecorder.EVENTS_IN).runOnVertxContext(true);
        var sha = unique("sha");
        var failed = EventCodec.encode(planningFailed("shop", sha, "pos"));
        source.send(Message.of(List.of(failed)));
        source.send(Message.of(List.of(failed)));
        source.send(Message.of(List.of(EventCodec.encode(heartbeat(unique("s"))))));

        await().atMost(Duration.ofSeconds(30)).until(() -> posts(sha) == 1);
        assertThat(WebhookReceiverResource.RECEIVED).filteredOn(b -> b.contains(sha)).first().asString()
                .startsWith("{\"text\":\":x: Planning failed: repo shop commit ");
    }

    @Test
    void aStoreOfflineLongerThanTheLimitIsPostedOncePerEpisode() {
        var source = connector.<Message<List<String>>>source(EventRecorder.EVENTS_IN).runOnVertxContext(true);
        var store = unique("store");
        var wentOffline = Instant.now().minusSeconds(120);
        source.send(Message.of(List.of(EventCodec.encode(new StoreOffline(
                new EventMeta(UUID.randomUUID().toString(), wentOffline, "store-dispatcher", store, 1), store, "LastWill")))));

        await().atMost(Duration.ofSeconds(30)).until(() -> posts("Store " + store + " offline") == 1);
        // several more checks run meanwhile (every 200 ms): none may post again
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> posts("Store " + store + " offline") == 1);
    }

    private static long posts(String needle) {
        return WebhookReceiverResource.RECEIVED.stream().filter(b -> b.contains(needle)).count();
    }
}
