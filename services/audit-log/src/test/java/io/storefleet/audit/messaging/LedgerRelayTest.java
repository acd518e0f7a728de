package io.storefleet.audit.messaging;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.storefleet.audit.PostgresTestResource;
import io.storefleet.audit.domain.LedgerMapping;
import io.storefleet.audit.domain.Projections;
import io.storefleet.audit.persistence.LedgerWriter;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.LedgerChain;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.storefleet.audit.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Committed rows reach the reporting stream with seq and hash, keyed by store, and the watermark follows. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class LedgerRelayTest {

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Inject
    LedgerWriter writer;

    @Inject
    LedgerRelay relay;

    @Test
    void committedEntriesArePublishedWithSeqAndHashAndTheWatermarkMoves() {
        InMemorySink<String> sink = connector.sink(LedgerRelay.LEDGER_OUT);
        var store = unique("store");
        var links = append(online(store), heartbeat(store), commit("shop", unique("sha")));
        long last = links.get(2).entry().seq();

        await().atMost(Duration.ofSeconds(30)).until(() -> published(sink, links.get(0).entry().seq(), last).size() == 3);
        var messages = published(sink, links.get(0).entry().seq(), last);
        for (int i = 0; i < 3; i++) {
            Map<String, Object> value = decode(messages.get(i));
            assertThat(((Number) value.get("seq")).longValue()).isEqualTo(links.get(i).entry().seq());
            assertThat(value.get("hash")).isEqualTo(links.get(i).hash());
            assertThat(value.get("eventId")).isEqualTo(links.get(i).entry().eventId());
        }
        var key = messages.get(0).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey();
        assertThat(key).isEqualTo(store);
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.publishedSeq().await().indefinitely() >= last);
    }

    @Test
    void handedOverRowsArePublishedInSeqOrderAfterTheRowsBeforeThemReadFromTheLedger() {
        InMemorySink<String> sink = connector.sink(LedgerRelay.LEDGER_OUT);
        var store = unique("store");
        var first = append(online(store)); // never handed over: read back from the ledger
        var later = append(heartbeat(store), commit("shop", unique("sha")));
        relay.committed(later);
        long from = first.get(0).entry().seq();
        long last = later.get(1).entry().seq();

        await().atMost(Duration.ofSeconds(30)).until(() -> published(sink, from, last).size() == 3);
        var expected = List.of(first.get(0), later.get(0), later.get(1));
        var messages = published(sink, from, last);
        for (int i = 0; i < 3; i++) {
            Map<String, Object> value = decode(messages.get(i));
            assertThat(((Number) value.get("seq")).longValue()).isEqualTo(expected.get(i).entry().seq());
            assertThat(value.get("hash")).isEqualTo(expected.get(i).hash());
            assertThat(value.get("prevHash")).isEqualTo(expected.get(i).prevHash());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.publishedSeq().await().indefinitely() >= last);
    }

    @Test
    void theValueIsEveryColumnWithSortedKeysAndNoNulls() {
        var store = unique("store");
        var link = append(online(store)).get(0);
        var e = link.entry();
        // what the relay wrote before it built the value itself: a map through EventCodec (sorted keys, no nulls)
        var map = new java.util.LinkedHashMap<String, Object>();
        map.put("seq", e.seq());
        map.put("hash", link.hash());
        map.put("prevHash", link.prevHash());
        map.put("storeHash", link.storeHash());
        map.put("prevStoreHash", link.prevStoreHash());
        map.put("eventId", e.eventId());
        map.put("type", e.type());
        map.put("topic", e.topic());
        map.put("storeId", e.storeId());
        map.put("bundle", e.bundle());
        map.put("repo", e.repo());
        map.put("commit", e.commit());
        map.put("actor", e.actor());
        map.put("source", e.source());
        map.put("eventTime", e.eventTime() == null ? null : e.eventTime().toString());
        map.put("recordedAt", e.recordedAt().toString());
        map.put("payload", new com.fasterxml.jackson.databind.util.RawValue(e.payload()));
        assertThat(LedgerRelay.value(link)).isEqualTo(EventCodec.encode(map));
    }

    private List<LedgerChain.Link> append(FleetEvent... events) {
        var batch = new ArrayList<LedgerWriter.Pending>();
        for (var e : events) {
            batch.add(new LedgerWriter.Pending(LedgerMapping.toRow(e, null), Projections.of(e)));
        }
        return writer.appendAll(batch).await().indefinitely();
    }

    private static List<? extends Message<String>> published(InMemorySink<String> sink, long from, long to) {
        return sink.received().stream().filter(m -> {
            long seq = ((Number) decode(m).get("seq")).longValue();
            return seq >= from && seq <= to;
        }).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(Message<String> m) {
        return EventCodec.decode(m.getPayload(), Map.class);
    }
}
