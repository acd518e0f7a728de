package io.storefleet.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.storefleet.model.LedgerChain.Entry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand-written canonical form must hash exactly what the first writer hashed (an ObjectMapper with sorted map keys
 * over a TreeMap of the columns and the payload parsed untyped), or every ledger written before it stops verifying.
 */
class LedgerChainCanonicalTest {
    private static final ObjectMapper REFERENCE = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true).build();
    private static final Instant T = Instant.parse("2026-11-26T05:00:00.123456789Z");

    /** The definition as first written (LedgerChain 4de68ba). */
    private static String reference(Entry e) throws Exception {
        var fields = new TreeMap<String, Object>();
        fields.put("seq", e.seq());
        fields.put("eventId", e.eventId());
        fields.put("type", e.type());
        fields.put("topic", e.topic());
        fields.put("storeId", e.storeId());
        fields.put("bundle", e.bundle());
        fields.put("repo", e.repo());
        fields.put("commit", e.commit());
        fields.put("actor", e.actor());
        fields.put("source", e.source());
        fields.put("eventTime", e.eventTime() == null ? null : LedgerChain.micros(e.eventTime()).toString());
        fields.put("recordedAt", e.recordedAt() == null ? null : LedgerChain.micros(e.recordedAt()).toString());
        fields.put("payload", e.payload() == null ? null : REFERENCE.readValue(e.payload(), Object.class));
        return REFERENCE.writeValueAsString(fields);
    }

    private static String referenceHash(String prev, Entry e) throws Exception {
        var digest = MessageDigest.getInstance("SHA-256").digest((prev + reference(e)).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    private static Entry entry(String payload) {
        return new Entry(42, "e-1", "StoreStatusReported", "storefleet.store.status", "store-7", "pos", null, "abc",
                "agent \"7\"", "store-dispatcher", T, T.plusSeconds(1), payload);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}", "[]", "null", "true", "0", "-12", "3.25", "1e3", "-0.0", "1.5E-7", "12345678901", "123456789012345678901234567890",
            "\"text\"", "{\"b\":1,\"a\":{\"d\":[3,{\"z\":null,\"y\":false}],\"c\":\"x\"}}",
            "{\"type\":\"StoreStatusReported\",\"bundles\":[{\"bundle\":\"pos\",\"state\":\"Ready\"}],\"meta\":{\"id\":\"1\"}}",
            "{\"k\":\"quote \\\" backslash \\\\ tab \\t nl \\n ctl \\u0001 uml \u00e4 emoji \ud83d\ude00 esc \\u00e9\"}",
            "{\"dup\":1,\"dup\":2}", "{\"n\":[1.0,2.50,1E+2,0.1,100000000000000000000.0,9223372036854775808]}",
            "{ \"spaced\" : [ 1 , 2 ] , \"a\" : { } }", "{\"a\":1} trailing",
            "{\"huge\":1e400,\"tiny\":-1e400,\"sub\":4.9e-324,\"max\":1.7976931348623157E308}",
            "{\"ctl\":\"\\u0000\\u001f\\u007f\\b\\f\\r/\",\"\\\"key\":true,\"\":false}"})
    void sameTextAsTheFirstDefinition(String payload) throws Exception {
        var e = entry(payload);
        assertThat(LedgerChain.canonical(e)).isEqualTo(reference(e));
        assertThat(LedgerChain.hash(LedgerChain.GENESIS, e)).isEqualTo(referenceHash(LedgerChain.GENESIS, e));
    }

    @Test
    void nullColumnsAndNullPrevHashHashAsBefore() throws Exception {
        var e = new Entry(1, "e", "CommitDetected", "t", null, null, null, null, null, null, null, null, null);
        assertThat(LedgerChain.canonical(e)).isEqualTo(reference(e));
        assertThat(LedgerChain.hash(null, e)).isEqualTo(referenceHash(null, e));
        var link = LedgerChain.link(entry("{\"a\":1}"), "f".repeat(64), null);
        assertThat(link.hash()).isEqualTo(referenceHash("f".repeat(64), entry("{\"a\":1}")));
        assertThat(link.storeHash()).isEqualTo(referenceHash(LedgerChain.GENESIS, entry("{\"a\":1}")));
    }

    @Test
    void randomNestedPayloadsMatch() throws Exception {
        var random = new Random(7);
        for (int i = 0; i < 500; i++) {
            var e = entry(REFERENCE.writeValueAsString(randomValue(random, 0)));
            assertThat(LedgerChain.canonical(e)).isEqualTo(reference(e));
        }
    }

    @Test
    void aDraftLinkedLaterHashesAsTheEntryLinkedAtOnce() throws Exception {
        var random = new Random(3);
        for (int i = 0; i < 300; i++) {
            var payload = REFERENCE.writeValueAsString(randomValue(random, 0));
            var store = i % 3 == 0 ? null : "store-" + randomString(random);
            var drafted = new Entry(0, "e-" + i, "StoreStatusReported", "t", store, null, null, randomString(random),
                    randomString(random), "s", T, T.plusSeconds(i), payload);
            long seq = random.nextLong() & Long.MAX_VALUE;
            var fleetHead = i % 7 == 0 ? null : Integer.toHexString(i).repeat(8);
            var storeHead = i % 2 == 0 ? null : "a".repeat(64);

            var expected = LedgerChain.link(drafted.withSeq(seq), fleetHead, storeHead);
            assertThat(LedgerChain.link(LedgerChain.draft(drafted), seq, fleetHead, storeHead)).isEqualTo(expected);
            assertThat(expected.hash()).isEqualTo(referenceHash(fleetHead, drafted.withSeq(seq)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,2", "{\"a\":}", "nope"})
    void aPayloadThatIsNotJsonIsRefused(String payload) {
        assertThatThrownBy(() -> LedgerChain.canonical(entry(payload))).isInstanceOf(IllegalArgumentException.class);
    }

    private static Object randomValue(Random r, int depth) {
        int kind = depth > 3 ? r.nextInt(6) : r.nextInt(8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> r.nextInt();
            case 3 -> r.nextLong();
            case 4 -> r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            case 5 -> randomString(r);
            case 6 -> {
                var map = new java.util.LinkedHashMap<String, Object>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    map.put(randomString(r), randomValue(r, depth + 1));
                }
                yield map;
            }
            default -> {
                var list = new java.util.ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    list.add(randomValue(r, depth + 1));
                }
                yield list;
            }
        };
    }

    private static String randomString(Random r) {
        var chars = List.of("a", "B", "z", "_", " ", "\"", "\\", "\n", "\u0007", "\u00e9", "\u4e2d", "\ud83d\ude00", "1");
        var b = new StringBuilder();
        for (int i = r.nextInt(6); i > 0; i--) {
            b.append(chars.get(r.nextInt(chars.size())));
        }
        return b.toString();
    }
}
