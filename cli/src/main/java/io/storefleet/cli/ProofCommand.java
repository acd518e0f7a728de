package io.storefleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.storefleet.model.EventCodec;
import io.storefleet.model.LedgerChain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "proof", mixinStandardHelpOptions = true,
        description = {"Export a store's self-verifying slice of the audit ledger (JSON), or check one offline with --verify.",
                "  ./storefleet proof store-0042 --from 2026-11-01T00:00:00Z --out proof.json",
                "  ./storefleet proof --verify proof.json"})
final class ProofCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", description = "store id to export")
    String store;

    @Option(names = "--from", description = "only entries recorded at or after this ISO-8601 instant")
    Instant from;

    @Option(names = "--to", description = "only entries recorded before this ISO-8601 instant")
    Instant to;

    @Option(names = "--out", description = "write the proof here (default: stdout)")
    Path out;

    @Option(names = "--verify", paramLabel = "FILE", description = "check a proof file offline; exit 1 when broken")
    Path verify;

    @Mixin
    AuditLogUrl auditLog;

    @Override
    public Integer call() throws Exception {
        if (verify != null) {
            var verdict = verify(EventCodec.mapper().readTree(Files.readString(verify)));
            if (verdict.ok()) {
                System.out.println("proof ok: " + verdict.entries() + " entries");
                return 0;
            }
            System.out.println("proof broken at seq " + verdict.brokenAtSeq() + " (" + verdict.reason() + ")");
            return 1;
        }
        if (store == null) {
            System.err.println("give a store id, or --verify FILE");
            return 2;
        }
        return auditLog.call(this::export);
    }

    private int export(AuditLogClient client) throws Exception {
        var query = new StringBuilder();
        if (from != null) {
            query.append("&from=").append(from);
        }
        if (to != null) {
            query.append("&to=").append(to);
        }
        var body = client.get("/api/ledger/proof/" + URLEncoder.encode(store, StandardCharsets.UTF_8)
                + (query.length() == 0 ? "" : "?" + query.substring(1)));
        if (out == null) {
            System.out.println(body);
        } else {
            Files.writeString(out, body);
            System.out.println("wrote " + EventCodec.mapper().readTree(body).path("entries").size() + " entries to " + out);
        }
        return 0;
    }

    /** Recomputes every hash of the slice and checks the store links; the proof's own claims are not trusted. */
    static LedgerChain.Verdict verify(JsonNode proof) {
        var verifier = LedgerChain.Verifier.storeSlice();
        for (var e : proof.path("entries")) {
            var entry = new LedgerChain.Entry(e.path("seq").asLong(), text(e, "eventId"), text(e, "type"),
                    text(e, "topic"), text(e, "storeId"), text(e, "bundle"), text(e, "repo"), text(e, "commit"),
                    text(e, "actor"), text(e, "source"), time(e, "eventTime"), time(e, "recordedAt"),
                    e.path("payload").toString());
            if (!verifier.accept(new LedgerChain.Link(entry, text(e, "prevHash"), text(e, "hash"),
                    text(e, "prevStoreHash"), text(e, "storeHash")))) {
                break;
            }
        }
        return verifier.finish(null, null);
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant time(JsonNode node, String field) {
        var value = text(node, field);
        return value == null ? null : Instant.parse(value);
    }
}
