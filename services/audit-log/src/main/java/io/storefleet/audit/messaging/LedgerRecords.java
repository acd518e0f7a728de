package io.storefleet.audit.messaging;

import io.storefleet.model.JsonText;
import io.storefleet.model.LedgerChain;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A ledger row as a record of the reporting stream: key = the store (else the event id), headers {@code seq} and
 * {@code hash}, value = every column as JSON, so a consumer drops repeats by seq and can check the chain itself.
 */
public final class LedgerRecords {
    public static final String SEQ_HEADER = "seq";
    public static final String HASH_HEADER = "hash";

    public static ProducerRecord<String, byte[]> of(String topic, LedgerChain.Link link) {
        var e = link.entry();
        List<Header> headers = List.of(
                new RecordHeader(SEQ_HEADER, Long.toString(e.seq()).getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(HASH_HEADER, link.hash().getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(topic, null, key(link), value(link), headers);
    }

    public static String key(LedgerChain.Link link) {
        var e = link.entry();
        return e.storeId() != null ? e.storeId() : e.eventId();
    }

    /**
     * The record value, UTF-8: every column, keys sorted and nulls left out (as EventCodec writes a map); the payload
     * is written as it is — JSON already, not parsed and re-encoded per row.
     */
    public static byte[] value(LedgerChain.Link link) {
        var e = link.entry();
        var b = new StringBuilder(512 + (e.payload() == null ? 0 : e.payload().length()));
        b.append('{');
        boolean first = field(b, "actor", e.actor(), true);
        first = field(b, "bundle", e.bundle(), first);
        first = field(b, "commit", e.commit(), first);
        first = field(b, "eventId", e.eventId(), first);
        first = field(b, "eventTime", e.eventTime() == null ? null : e.eventTime().toString(), first);
        first = field(b, "hash", link.hash(), first);
        if (e.payload() != null) {
            JsonText.name(b, "payload", first).append(e.payload());
            first = false;
        }
        first = field(b, "prevHash", link.prevHash(), first);
        first = field(b, "prevStoreHash", link.prevStoreHash(), first);
        first = field(b, "recordedAt", e.recordedAt() == null ? null : e.recordedAt().toString(), first);
        first = field(b, "repo", e.repo(), first);
        JsonText.name(b, "seq", first).append(e.seq());
        field(b, "source", e.source(), false);
        field(b, "storeHash", link.storeHash(), false);
        field(b, "storeId", e.storeId(), false);
        field(b, "topic", e.topic(), false);
        field(b, "type", e.type(), false);
        // String's encoder: a character outside the BMP as its 4 UTF-8 bytes, as the String serializer wrote before
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A string field unless null; @return whether the object still has no field */
    private static boolean field(StringBuilder b, String name, String value, boolean first) {
        if (value == null) {
            return first;
        }
        JsonText.string(JsonText.name(b, name, first), value);
        return false;
    }

    private LedgerRecords() {
    }
}
