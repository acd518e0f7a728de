package io.storefleet.audit.messaging;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.storefleet.audit.PostgresTestResource;
import io.storefleet.audit.domain.LedgerMapping;
import io.storefleet.audit.domain.Projections;
import io.storefleet.audit.persistence.LedgerWriter;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.LedgerChain;
import io.storefleet.model.Topics;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
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
    RecordingLedgerPublisher published;

    @Inject
    LedgerWriter writer;

    @Inject
    LedgerRelay relay;

    @Test
    void committedEntriesArePublishedWithSeqAndHashAndTheWatermarkMoves() {
        var store = unique("store");
        var links = append(online(store), heartbeat(store), commit("shop", unique("sha")));
        long last = links.get(2).entry().seq();

        await().atMost(Duration.ofSeconds(30)).until(() -> published(links.get(0).entry().seq(), last).size() == 3);
        var records = published(links.get(0).entry().seq(), last);
        for (int i = 0; i < 3; i++) {
            var record = records.get(i);
            Map<String, Object> value = decode(record);
            assertThat(((Number) value.get("seq")).longValue()).isEqualTo(links.get(i).entry().seq());
            assertThat(value.get("hash")).isEqualTo(links.get(i).hash());
            assertThat(value.get("eventId")).isEqualTo(links.get(i).entry().eventId());
            assertThat(header(record, "seq")).isEqualTo(Long.toString(links.get(i).entry().seq()));
            assertThat(header(record, "hash")).isEqualTo(links.get(i).hash());
            assertThat(record.topic()).isEqualTo(Topics.AUDIT_LEDGER);
        }
        assertThat(records.get(0).key()).isEqualTo(store);
        assertThat(records.get(1).key()).isEqualTo(store);
        // a commit has no store: keyed by its event id
        assertThat(records.get(2).key()).isEqualTo(links.get(2).entry().eventId());
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.publishedSeq().await().indefinitely() >= last);
    }

    @Test
    void handedOverRowsArePublishedInSeqOrderAfterTheRowsBeforeThemReadFromTheLedger() {
        var store = unique("store");
        var first = append(online(store)); // never handed over: read back from the ledger
        var later = append(heartbeat(store), commit("shop", unique("sha")));
        relay.committed(later);
        long from = first.get(0).entry().seq();
        long last = later.get(1).entry().seq();

        await().atMost(Duration.ofSeconds(30)).until(() -> published(from, last).size() == 3);
        var expected = List.of(first.get(0), later.get(0), later.get(1));
        var records = published(from, last);
        for (int i = 0; i < 3; i++) {
            Map<String, Object> value = decode(records.get(i));
            assertThat(((Number) value.get("seq")).longValue()).isEqualTo(expected.get(i).entry().seq());
            assertThat(value.get("hash")).isEqualTo(expected.get(i).hash());
            assertThat(value.get("prevHash")).isEqualTo(expected.get(i).prevHash());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.publishedSeq().await().indefinitely() >= last);
    }

    @Test
    void aBatchTheBrokerDidNotAckKeepsTheWatermarkAndIsSentAgain() {
        published.failing(true);
        try {
            var store = unique("store");
            var links = append(online(store), heartbeat(store));
            long last = links.get(1).entry().seq();
            var refusedBefore = published.refused();
            // two refused rounds from here: the second began after the rows had committed, so it had them
            await().atMost(Duration.ofSeconds(30)).until(() -> published.refused() >= refusedBefore + 2);
            assertThat(relay.publishedSeq().await().indefinitely()).isLessThan(links.get(0).entry().seq());
            assertThat(published(links.get(0).entry().seq(), last)).isEmpty();

            published.failing(false);
            await().atMost(Duration.ofSeconds(30)).until(() -> published(links.get(0).entry().seq(), last).size() == 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.publishedSeq().await().indefinitely() >= last);
        } finally {
            published.failing(false);
        }
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
        assertThat(new String(LedgerRecords.value(link), StandardCharsets.UTF_8)).isEqualTo(EventCodec.encode(map));
    }

    private List<LedgerChain.Link> append(FleetEvent... events) {
        var batch = new ArrayList<LedgerWriter.Pending>();
        for (var e : events) {
            batch.add(new LedgerWriter.Pending(LedgerMapping.toRow(e, null), Projections.of(e)));
        }
        return writer.appendAll(batch).await().indefinitely();
    }

    private List<ProducerRecord<String, byte[]>> published(long from, long to) {
        return published.sent().stream().filter(r -> {
            long seq = Long.parseLong(header(r, "seq"));
            return seq >= from && seq <= to;
        }).toList();
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(ProducerRecord<String, byte[]> record) {
        return EventCodec.decode(new String(record.value(), StandardCharsets.UTF_8), Map.class);
    }
}
