package io.storefleet.model;

import io.storefleet.model.LedgerChain.Entry;
import io.storefleet.model.LedgerChain.Link;
import io.storefleet.model.LedgerChain.Verifier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerChainTest {
    private static final Instant T = Instant.parse("2026-11-26T05:00:00.123456789Z");

    private static Entry entry(long seq, String store, String payload) {
        return new Entry(seq, "e" + seq, "StoreHeartbeat", "t", store, null, null, null, "agent", "agent", T, T, payload);
    }

    /** Links entries the way the writer does: behind the fleet head and the store's own head. */
    private static List<Link> chain(List<Entry> entries) {
        var links = new ArrayList<Link>();
        var heads = new HashMap<String, String>();
        var head = LedgerChain.GENESIS;
        for (var e : entries) {
            var link = LedgerChain.link(e, head, heads.get(e.storeId()));
            links.add(link);
            head = link.hash();
            if (e.storeId() != null) {
                heads.put(e.storeId(), link.storeHash());
            }
        }
        return links;
    }

    private static List<Link> sample() {
        return chain(List.of(entry(1, "s1", "{\"a\":1}"), entry(2, "s2", "{\"b\":[1,2]}"), entry(3, null, "{}"),
                entry(4, "s1", "{\"a\":2}")));
    }

    private static LedgerChain.Verdict verifyFleet(List<Link> links, Long headSeq) {
        var v = Verifier.fleet();
        links.forEach(v::accept);
        return v.finish(headSeq, null);
    }

    @Test
    void intactChainVerifies() {
        assertThat(verifyFleet(sample(), 4L)).isEqualTo(LedgerChain.Verdict.ok(4));
    }

    @Test
    void payloadKeyOrderAndWhitespaceDoNotChangeTheHash() {
        var a = LedgerChain.hash(LedgerChain.GENESIS, entry(1, "s", "{\"x\":1,\"y\":{\"b\":2,\"a\":1}}"));
        var b = LedgerChain.hash(LedgerChain.GENESIS, entry(1, "s", "{\"y\": {\"a\": 1, \"b\": 2}, \"x\": 1}"));
        assertThat(a).isEqualTo(b).hasSize(64);
    }

    @Test
    void timesAreHashedAtMicrosecondPrecision() {
        var nanos = entry(1, "s", "{}");
        var micros = new Entry(1, "e1", "StoreHeartbeat", "t", "s", null, null, null, "agent", "agent",
                LedgerChain.micros(T), LedgerChain.micros(T), "{}");
        assertThat(LedgerChain.canonical(nanos)).isEqualTo(LedgerChain.canonical(micros)).contains("05:00:00.123456Z");
    }

    @Test
    void changedContentIsNamedBySeq() {
        var links = new ArrayList<>(sample());
        var l = links.get(1);
        links.set(1, new Link(entry(2, "s2", "{\"b\":[1,3]}"), l.prevHash(), l.hash(), l.prevStoreHash(), l.storeHash()));
        assertThat(verifyFleet(links, 4L)).isEqualTo(LedgerChain.Verdict.broken(1, 2, "hash does not match the entry's content"));
    }

    @Test
    void missingRowIsNamedBySeq() {
        var links = new ArrayList<>(sample());
        links.remove(2);
        assertThat(verifyFleet(links, 4L)).isEqualTo(LedgerChain.Verdict.broken(2, 3, "seq 3 missing"));
    }

    @Test
    void rehashedRowStillBreaksTheNextLink() {
        var links = new ArrayList<>(sample());
        var forged = LedgerChain.link(entry(2, "s2", "{\"b\":[9]}"), links.get(0).hash(), null);
        links.set(1, forged);
        assertThat(verifyFleet(links, 4L).brokenAtSeq()).isEqualTo(3L);
    }

    @Test
    void cutTailIsFoundThroughTheChainHead() {
        var links = new ArrayList<>(sample());
        links.remove(3);
        assertThat(verifyFleet(links, 4L)).isEqualTo(LedgerChain.Verdict.broken(3, 4,
                "chain head is seq 4 but the ledger ends at seq 3"));
    }

    @Test
    void storeSliceVerifiesOnItsOwnAndDetectsAGap() {
        var all = chain(List.of(entry(1, "s1", "{}"), entry(2, "s1", "{\"n\":2}"), entry(3, "s2", "{}"),
                entry(4, "s1", "{\"n\":4}"), entry(5, "s1", "{\"n\":5}")));
        var slice = all.stream().filter(l -> "s1".equals(l.entry().storeId())).skip(1).toList();
        var ok = Verifier.storeSlice();
        slice.forEach(ok::accept);
        assertThat(ok.finish(null, null)).isEqualTo(LedgerChain.Verdict.ok(3));

        var gap = Verifier.storeSlice();
        List.of(slice.get(0), slice.get(2)).forEach(gap::accept);
        assertThat(gap.finish(null, null)).isEqualTo(LedgerChain.Verdict.broken(1, 5,
                "prev_store_hash does not match the store's previous entry"));
    }
}
