package io.storefleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.storefleet.model.EventCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Answer audit questions from the ledger:",
                "  ./storefleet history store-0042                     a store's timeline",
                "  ./storefleet history --commit 3f2a…                 which stores run it, and what failed",
                "  ./storefleet history --rollout pos@3f2a1b2c          what failed in that rollout",
                "  ./storefleet history --from 2026-11-26T00:00:00Z    who deployed what (until --to or now)"})
final class HistoryCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", description = "store id: print its timeline")
    String store;

    @Option(names = "--commit", description = "commit sha: stores running it now, and its failures")
    String commit;

    @Option(names = "--rollout", description = "rollout id (<bundle>@<sha8>, as `storefleet rollout status` shows): what failed in it")
    String rollout;

    @Option(names = "--from", description = "deployments recorded at or after this ISO-8601 instant")
    Instant from;

    @Option(names = "--to", description = "deployments recorded before this ISO-8601 instant")
    Instant to;

    @Option(names = "--limit", defaultValue = "200", description = "at most this many lines per list (default ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    AuditLogUrl auditLog;

    @Override
    public Integer call() throws Exception {
        return auditLog.call(this::query);
    }

    private int query(AuditLogClient client) throws Exception {
        if (store != null) {
            events(client, "/api/history/stores/" + enc(store) + "?");
        } else if (commit != null) {
            System.out.println("stores running " + commit + ":");
            var stores = EventCodec.mapper().readTree(client.get("/api/history/commits/" + enc(commit)
                    + "/stores?limit=" + Math.min(limit, 1000)));
            for (var s : stores.path("items")) {
                System.out.printf("  %-24s %-16s %s%n", s.path("storeId").asText(), s.path("bundle").asText(),
                        s.path("state").asText());
            }
            System.out.println("failures:");
            events(client, "/api/history/commits/" + enc(commit) + "/failures?");
        } else if (rollout != null) {
            System.out.println("failures in rollout " + rollout + ":");
            events(client, "/api/history/rollouts/" + enc(rollout) + "/failures?");
        } else if (from != null || to != null) {
            var query = new StringBuilder("/api/history/deployments?");
            if (from != null) {
                query.append("from=").append(from).append('&');
            }
            if (to != null) {
                query.append("to=").append(to).append('&');
            }
            events(client, query.toString());
        } else {
            System.err.println("give a store id, --commit SHA, --rollout ID, or --from/--to");
            return 2;
        }
        return 0;
    }

    /** Follows the keyset pages until the limit. */
    private void events(AuditLogClient client, String path) throws Exception {
        int printed = 0;
        Long next = null;
        do {
            var page = EventCodec.mapper().readTree(client.get(path + "limit=" + Math.min(limit - printed, 1000)
                    + (next == null ? "" : "&afterSeq=" + next)));
            for (var e : page.path("items")) {
                System.out.println(line(e));
                printed++;
            }
            next = page.path("next").isNumber() ? page.path("next").asLong() : null;
        } while (next != null && printed < limit);
    }

    static String line(JsonNode e) {
        return String.format("%8d  %-27s %-24s %-18s %-10s %-12s %s", e.path("seq").asLong(), e.path("recordedAt").asText(),
                e.path("type").asText(), text(e, "storeId"), text(e, "bundle"), abbrev(text(e, "commit")), text(e, "actor"));
    }

    private static String text(JsonNode e, String field) {
        return e.path(field).isNull() || e.path(field).isMissingNode() ? "-" : e.path(field).asText();
    }

    private static String abbrev(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
