package io.storefleet.audit.messaging;

import com.fasterxml.jackson.databind.util.RawValue;
import io.storefleet.model.EventCodec;
import io.storefleet.model.LedgerChain;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The record built straight to bytes is what EventCodec + a String serializer gave, also beyond ASCII. */
class LedgerRecordsTest {

    @Test
    void valueBytesAreTheEventCodecJsonInUtf8EvenOutsideTheBasicPlaneAndWithEscapes() {
        var payload = "{\"message\":\"r\u00e9gion \uD83D\uDE80 \u6771\u4eac\",\"n\":1}";
        var entry = new LedgerChain.Entry(7, "e-1", "CommitDetected", "storefleet.git.commits", null, null, "shop",
                "abc", "zo\u00eb \uD83D\uDE00 \"q\" \\ \n\u0001", "git-watcher", Instant.parse("2026-01-05T10:00:00Z"),
                Instant.parse("2026-01-05T10:00:01.123456Z"), payload);
        var link = new LedgerChain.Link(entry, "p0", "h7", null, null);

        var map = new TreeMap<String, Object>();
        map.put("seq", 7L);
        map.put("hash", "h7");
        map.put("prevHash", "p0");
        map.put("eventId", "e-1");
        map.put("type", "CommitDetected");
        map.put("topic", "storefleet.git.commits");
        map.put("repo", "shop");
        map.put("commit", "abc");
        map.put("actor", "zo\u00eb \uD83D\uDE00 \"q\" \\ \n\u0001");
        map.put("source", "git-watcher");
        map.put("eventTime", "2026-01-05T10:00:00Z");
        map.put("recordedAt", "2026-01-05T10:00:01.123456Z");
        map.put("payload", new RawValue(payload));

        assertThat(LedgerRecords.value(link)).isEqualTo(EventCodec.encode(map).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keyIsTheStoreElseTheEventAndHeadersCarrySeqAndHash() {
        var withStore = new LedgerChain.Link(entry(41, "store-9"), "p", "h41", null, "sh");
        var withoutStore = new LedgerChain.Link(entry(42, null), "h41", "h42", null, null);

        var record = LedgerRecords.of("t", withStore);
        assertThat(record.topic()).isEqualTo("t");
        assertThat(record.key()).isEqualTo("store-9");
        assertThat(new String(record.headers().lastHeader("seq").value(), StandardCharsets.UTF_8)).isEqualTo("41");
        assertThat(new String(record.headers().lastHeader("hash").value(), StandardCharsets.UTF_8)).isEqualTo("h41");
        assertThat(LedgerRecords.of("t", withoutStore).key()).isEqualTo("e-42");
    }

    private static LedgerChain.Entry entry(long seq, String store) {
        return new LedgerChain.Entry(seq, "e-" + seq, "StoreHeartbeat", "storefleet.store.status", store, null, null,
                null, null, "it", null, Instant.parse("2026-01-05T10:00:01Z"), "{}");
    }
}
