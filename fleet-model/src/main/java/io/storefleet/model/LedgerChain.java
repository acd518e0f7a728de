package io.storefleet.model;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The audit ledger's hash chains, shared by the audit-log service (which writes and verifies them) and the CLI
 * (which verifies exported proofs offline).
 *
 * <p>{@code canonical(entry)} is JSON with sorted keys and explicit nulls over every column of the row: seq,
 * eventId, type, topic, storeId, bundle, repo, commit, actor, source, eventTime, recordedAt (ISO-8601, micros)
 * and the payload (parsed and re-written with sorted keys, because Postgres jsonb does not keep the bytes).
 * Two chains cover each row:
 * <ul>
 *   <li>the fleet chain over seq: {@code hash = sha256hex(prevHash ‖ canonical)}, prevHash of seq 1 = {@link #GENESIS};</li>
 *   <li>one chain per store: {@code storeHash = sha256hex(prevStoreHash ‖ canonical)} over that store's rows, so a
 *       store's slice proves itself without the rest of the fleet.</li>
 * </ul>
 */
public final class LedgerChain {
    /** prevHash of the first entry of any chain. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .build();

    /** One ledger row's content, what the hashes cover. */
    public record Entry(long seq, String eventId, String type, String topic, String storeId, String bundle,
                        String repo, String commit, String actor, String source, Instant eventTime,
                        Instant recordedAt, String payload) {
        public Entry withSeq(long newSeq) {
            return new Entry(newSeq, eventId, type, topic, storeId, bundle, repo, commit, actor, source, eventTime,
                    recordedAt, payload);
        }
    }

    /**
     * An entry's canonical text with its seq left open, as UTF-8: the costly part (the payload parsed and sorted) can
     * be done before the writer takes the chain's lock, and only the seq and the two hashes under it.
     */
    public record Draft(Entry entry, byte[] beforeSeq, byte[] afterSeq) {
    }

    /** A row with its chain columns; the store ones are null for rows without a store. */
    public record Link(Entry entry, String prevHash, String hash, String prevStoreHash, String storeHash) {
    }

    /** Postgres keeps microseconds: hash only what can be read back. */
    public static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static String canonical(Entry e) {
        var b = new StringBuilder(e.payload() == null ? 512 : 512 + e.payload().length());
        writeBeforeSeq(b, e);
        b.append(e.seq());
        writeAfterSeq(b, e);
        return b.toString();
    }

    /** The entry's canonical text around its seq (which the draft ignores: {@link #link(Draft, long, String, String)} sets it). */
    public static Draft draft(Entry e) {
        var before = new StringBuilder(e.payload() == null ? 512 : 512 + e.payload().length());
        writeBeforeSeq(before, e);
        var after = new StringBuilder(160);
        writeAfterSeq(after, e);
        return new Draft(e, before.toString().getBytes(StandardCharsets.UTF_8),
                after.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBeforeSeq(StringBuilder b, Entry e) {
        try {
            writeCanonical(b, e);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("payload of seq " + e.seq() + " is not JSON", ex);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Written by hand ({@link JsonText}) up to the seq's value, {@link #writeAfterSeq} the rest: the same text as an
     * ObjectMapper with sorted map keys over a TreeMap of the columns and the parsed payload (what the first writer
     * used, and what LedgerChainCanonicalTest checks this against), at a fraction of the cost — it runs once per
     * ingested event and once per verified one.
     */
    private static void writeCanonical(StringBuilder b, Entry e) throws IOException {
        // keys in sorted order: actor, bundle, commit, eventId, eventTime, payload, recordedAt, repo, seq, source,
        // storeId, topic, type
        b.append('{');
        JsonText.string(JsonText.name(b, "actor", true), e.actor());
        JsonText.string(JsonText.name(b, "bundle", false), e.bundle());
        JsonText.string(JsonText.name(b, "commit", false), e.commit());
        JsonText.string(JsonText.name(b, "eventId", false), e.eventId());
        JsonText.string(JsonText.name(b, "eventTime", false), e.eventTime() == null ? null : micros(e.eventTime()).toString());
        JsonText.name(b, "payload", false);
        if (e.payload() == null) {
            b.append("null");
        } else {
            try (var p = CANONICAL.getFactory().createParser(e.payload())) {
                if (p.nextToken() == null) {
                    throw new IllegalArgumentException("payload of seq " + e.seq() + " is not JSON");
                }
                writeSorted(b, readValue(p)); // like readValue(…, Object.class): trailing text is not read
            }
        }
        JsonText.string(JsonText.name(b, "recordedAt", false), e.recordedAt() == null ? null : micros(e.recordedAt()).toString());
        JsonText.string(JsonText.name(b, "repo", false), e.repo());
        JsonText.name(b, "seq", false);
    }

    private static void writeAfterSeq(StringBuilder b, Entry e) {
        JsonText.string(JsonText.name(b, "source", false), e.source());
        JsonText.string(JsonText.name(b, "storeId", false), e.storeId());
        JsonText.string(JsonText.name(b, "topic", false), e.topic());
        JsonText.string(JsonText.name(b, "type", false), e.type());
        b.append('}');
    }

    private static byte[] canonicalBytes(Entry e) {
        return canonical(e).getBytes(StandardCharsets.UTF_8);
    }

    /** A parsed JSON value as databind's untyped reading gives it: objects sorted by key, numbers by their size. */
    private static Object readValue(JsonParser p) throws IOException {
        if (p.currentToken() == null) {
            throw new JsonParseException(p, "unexpected end of input");
        }
        switch (p.currentToken()) {
            case START_OBJECT -> {
                var fields = new TreeMap<String, Object>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    var name = p.currentName();
                    p.nextToken();
                    fields.put(name, readValue(p)); // a repeated key: the last wins, as in a Map
                }
                return fields;
            }
            case START_ARRAY -> {
                var items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(p));
                }
                return items;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberValue(); // Integer, Long or BigInteger
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new JsonParseException(p, "unexpected token " + p.currentToken());
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeSorted(StringBuilder b, Object value) {
        if (value instanceof TreeMap<?, ?> map) {
            b.append('{');
            boolean first = true;
            for (var field : ((TreeMap<String, Object>) map).entrySet()) {
                JsonText.name(b, field.getKey(), first);
                writeSorted(b, field.getValue());
                first = false;
            }
            b.append('}');
        } else if (value instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                writeSorted(b, list.get(i));
            }
            b.append(']');
        } else if (value instanceof String s) {
            JsonText.string(b, s);
        } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof Boolean) {
            b.append(value);
        } else if (value instanceof Double d) {
            JsonText.number(b, d);
        } else if (value == null) {
            b.append("null");
        } else {
            throw new IllegalStateException("unexpected JSON value " + value.getClass());
        }
    }

    public static String hash(String prevHash, Entry entry) {
        return sha256(prevHash, canonicalBytes(entry));
    }

    /** Links a new entry behind the fleet head and (if it has a store) behind that store's last hash (null = none yet). */
    public static Link link(Entry entry, String fleetHead, String storeHead) {
        return link(draft(entry), entry.seq(), fleetHead, storeHead);
    }

    /** {@link #link(Entry, String, String)} for the drafted entry with this seq: only the seq and the hashes are left. */
    public static Link link(Draft draft, long seq, String fleetHead, String storeHead) {
        var entry = draft.entry().withSeq(seq);
        var seqText = Long.toString(seq).getBytes(StandardCharsets.UTF_8);
        var hash = sha256(fleetHead, draft, seqText);
        if (entry.storeId() == null) {
            return new Link(entry, fleetHead, hash, null, null);
        }
        var prevStore = storeHead == null ? GENESIS : storeHead;
        return new Link(entry, fleetHead, hash, prevStore, sha256(prevStore, draft, seqText));
    }

    private static String sha256(String prev, Draft draft, byte[] seqText) {
        var digest = SHA256.get();
        digest.update(prev != null ? prev.getBytes(StandardCharsets.UTF_8) : NULL_TEXT);
        digest.update(draft.beforeSeq());
        digest.update(seqText);
        return HEX.formatHex(digest.digest(draft.afterSeq()));
    }

    static String sha256(String text) {
        var digest = SHA256.get();
        return HEX.formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** sha256hex(prev ‖ canonical) without concatenating the two into one string first. */
    private static String sha256(String prev, byte[] canonical) {
        var digest = SHA256.get();
        if (prev != null) {
            digest.update(prev.getBytes(StandardCharsets.UTF_8));
        } else {
            digest.update(NULL_TEXT); // String concatenation wrote "null": keep hashing what the first writer hashed
        }
        return HEX.formatHex(digest.digest(canonical));
    }

    private static final byte[] NULL_TEXT = "null".getBytes(StandardCharsets.UTF_8);
    private static final HexFormat HEX = HexFormat.of();
    // MessageDigest.getInstance looks the provider up each time; one digest per thread (digest() resets it)
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** First problem found, or ok; {@code seq} is the entry where the chain breaks. */
    public record Verdict(boolean ok, long entries, Long brokenAtSeq, String reason) {
        public static Verdict ok(long entries) {
            return new Verdict(true, entries, null, null);
        }

        public static Verdict broken(long entries, long seq, String reason) {
            return new Verdict(false, entries, seq, reason);
        }
    }

    /**
     * Walks links in seq order and stops at the first break. Fleet mode checks the whole ledger from seq 1 (no gap,
     * each prevHash is the previous hash, every hash and store hash recomputes); store mode checks one store's
     * slice (store links consecutive, every hash recomputes), anchored at the slice's first prevStoreHash.
     */
    public static final class Verifier {
        private final boolean fleet;
        private final Map<String, String> storeHeads = new HashMap<>();
        private long entries;
        private long lastSeq;
        private String lastHash = GENESIS;
        private String lastStoreHash;
        private Verdict broken;

        private Verifier(boolean fleet) {
            this.fleet = fleet;
        }

        public static Verifier fleet() {
            return new Verifier(true);
        }

        public static Verifier storeSlice() {
            return new Verifier(false);
        }

        /** @return false once broken (further links are ignored) */
        public boolean accept(Link link) {
            if (broken != null) {
                return false;
            }
            var e = link.entry();
            var canonical = canonicalBytes(e);
            String reason = null;
            long at = e.seq();
            if (fleet && e.seq() > lastSeq + 1) {
                at = lastSeq + 1;
                reason = "seq " + at + " missing";
            } else if (fleet && e.seq() != lastSeq + 1) {
                reason = "seq out of order after " + lastSeq;
            } else if (fleet && !Objects.equals(link.prevHash(), lastHash)) {
                reason = "prev_hash does not match the hash of seq " + lastSeq;
            } else if (!Objects.equals(link.hash(), sha256(link.prevHash(), canonical))) {
                reason = "hash does not match the entry's content";
            } else if (e.storeId() != null) {
                var expectedPrev = fleet ? storeHeads.getOrDefault(e.storeId(), GENESIS)
                        : (entries == 0 ? link.prevStoreHash() : lastStoreHash);
                if (!Objects.equals(link.prevStoreHash(), expectedPrev)) {
                    reason = "prev_store_hash does not match the store's previous entry";
                } else if (!Objects.equals(link.storeHash(), sha256(link.prevStoreHash(), canonical))) {
                    reason = "store_hash does not match the entry's content";
                }
            } else if (!fleet) {
                reason = "entry without a store in a store slice";
            }
            if (reason != null) {
                broken = Verdict.broken(entries, at, reason);
                return false;
            }
            entries++;
            lastSeq = e.seq();
            lastHash = link.hash();
            lastStoreHash = link.storeHash();
            if (fleet && e.storeId() != null) {
                storeHeads.put(e.storeId(), link.storeHash());
            }
            return true;
        }

        /** Fleet mode: the ledger must end where the recorded chain head says, or rows were cut off the tail. */
        public Verdict finish(Long headSeq, String headHash) {
            if (broken != null) {
                return broken;
            }
            if (headSeq != null && headSeq != lastSeq) {
                return Verdict.broken(entries, Math.min(headSeq, lastSeq) + 1,
                        "chain head is seq " + headSeq + " but the ledger ends at seq " + lastSeq);
            }
            if (headHash != null && !headHash.equals(lastHash)) {
                return Verdict.broken(entries, lastSeq, "hash differs from the recorded chain head");
            }
            return Verdict.ok(entries);
        }

        public long lastSeq() {
            return lastSeq;
        }
    }

    private LedgerChain() {
    }
}
