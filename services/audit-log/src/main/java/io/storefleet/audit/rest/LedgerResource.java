package io.storefleet.audit.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import io.storefleet.audit.persistence.LedgerChainReader;
import io.storefleet.model.EventCodec;
import io.storefleet.model.LedgerChain;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The hash chains: verify the whole ledger, export a store's self-verifying slice. */
@Path("/api/ledger")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class LedgerResource {
    static final int PAGE = 5000;
    static final int MAX_PROOF_ENTRIES = 100_000;
    public static final String PROOF_FORMAT = "storefleet-ledger-proof/1";
    static final String HOW_TO_VERIFY = "For each entry in seq order: canonical = JSON with sorted keys and explicit nulls of "
            + "{seq, eventId, type, topic, storeId, bundle, repo, commit, actor, source, eventTime, recordedAt (ISO-8601, "
            + "microseconds), payload (keys sorted)}; check hash = hex(sha256(prevHash + canonical)) and storeHash = "
            + "hex(sha256(prevStoreHash + canonical)), and that each entry's prevStoreHash is the previous entry's storeHash. "
            + "The first entry's prevStoreHash anchors the slice (64 zeros = the store's first entry). "
            + "`./storefleet proof --verify FILE` does exactly this.";

    /** Outcome of a walk over the whole ledger. */
    public record VerifyJson(boolean ok, long entries, Long brokenAtSeq, String reason, long headSeq, String headHash) {
    }

    /** One entry of a proof; payload as JSON so it stays readable. */
    public record ProofEntryJson(long seq, String eventId, String type, String topic, String storeId, String bundle,
                                 String repo, String commit, String actor, String source, Instant eventTime,
                                 Instant recordedAt, JsonNode payload, String prevHash, String hash,
                                 String prevStoreHash, String storeHash) {
    }

    public record ProofJson(String format, String store, Instant from, Instant to, String howToVerify,
                            long fleetHeadSeq, String fleetHeadHash, List<ProofEntryJson> entries) {
    }

    private final LedgerChainReader reader;

    public LedgerResource(LedgerChainReader reader) {
        this.reader = reader;
    }

    @GET
    @Path("/head")
    public LedgerChainReader.Head head() {
        return reader.head();
    }

    /** Walks every row up to the head read first (rows appended meanwhile are left for the next run). */
    @GET
    @Path("/verify")
    public VerifyJson verify() {
        var head = reader.head();
        var verifier = LedgerChain.Verifier.fleet();
        long after = 0;
        boolean intact = true;
        while (intact && after < head.seq()) {
            var page = reader.page(after, head.seq(), PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (var link : page) {
                intact = verifier.accept(link);
                if (!intact) {
                    break;
                }
            }
            after = page.get(page.size() - 1).entry().seq();
        }
        var verdict = verifier.finish(head.seq(), head.hash());
        return new VerifyJson(verdict.ok(), verdict.entries(), verdict.brokenAtSeq(), verdict.reason(), head.seq(),
                head.hash());
    }

    @GET
    @Path("/proof/{store}")
    public ProofJson proof(@PathParam("store") String store, @QueryParam("from") String from,
                           @QueryParam("to") String to) {
        var fromTime = time("from", from);
        var toTime = time("to", to);
        var head = reader.head();
        var entries = new ArrayList<ProofEntryJson>();
        long after = 0;
        while (entries.size() < MAX_PROOF_ENTRIES) {
            var page = reader.storeSlice(store, fromTime, toTime, after, PAGE);
            page.forEach(l -> entries.add(toJson(l)));
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).entry().seq();
        }
        return new ProofJson(PROOF_FORMAT, store, fromTime, toTime, HOW_TO_VERIFY, head.seq(), head.hash(), entries);
    }

    private static ProofEntryJson toJson(LedgerChain.Link l) {
        var e = l.entry();
        JsonNode payload;
        try {
            payload = EventCodec.mapper().readTree(e.payload());
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("stored payload of seq " + e.seq() + " is not JSON", ex);
        }
        return new ProofEntryJson(e.seq(), e.eventId(), e.type(), e.topic(), e.storeId(), e.bundle(), e.repo(),
                e.commit(), e.actor(), e.source(), e.eventTime(), e.recordedAt(), payload, l.prevHash(), l.hash(),
                l.prevStoreHash(), l.storeHash());
    }

    private static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be an ISO-8601 instant like 2026-11-26T05:00:00Z");
        }
    }
}
