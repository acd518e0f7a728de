package io.storefleet.audit.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.storefleet.model.LedgerChain;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A ledger row as a record of the reporting stream: key = the store (else the event id), headers {@code seq} and
 * {@code hash}, value = every column as JSON, so a consumer drops repeats by seq and can check the chain itself.
 */
public final class LedgerRecords {
    public static final String SEQ_HEADER = "seq";
    public static final String HASH_HEADER = "hash";

    // a character outside the BMP as 4 UTF-8 bytes, not as two \\u escapes: the bytes a String encoder wrote before
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

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
        var bytes = new ByteArrayOutputStream(1024);
        try (var g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            field(g, "actor", e.actor());
            field(g, "bundle", e.bundle());
            field(g, "commit", e.commit());
            field(g, "eventId", e.eventId());
            field(g, "eventTime", e.eventTime() == null ? null : e.eventTime().toString());
            field(g, "hash", link.hash());
            if (e.payload() != null) {
                g.writeFieldName("payload");
                g.writeRawValue(e.payload());
            }
            field(g, "prevHash", link.prevHash());
            field(g, "prevStoreHash", link.prevStoreHash());
            field(g, "recordedAt", e.recordedAt() == null ? null : e.recordedAt().toString());
            field(g, "repo", e.repo());
            g.writeNumberField("seq", e.seq());
            field(g, "source", e.source());
            field(g, "storeHash", link.storeHash());
            field(g, "storeId", e.storeId());
            field(g, "topic", e.topic());
            field(g, "type", e.type());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private LedgerRecords() {
    }
}
