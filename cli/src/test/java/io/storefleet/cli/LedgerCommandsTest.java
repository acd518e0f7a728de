package io.storefleet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.storefleet.model.EventCodec;
import io.storefleet.model.LedgerChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** verify and proof against a stand-in audit-log HTTP endpoint and proof files built with the real chain code. */
class LedgerCommandsTest {
    private HttpServer server;
    private final PrintStream stdout = System.out;

    @AfterEach
    void stop() {
        System.setOut(stdout);
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(String path, String json) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, exchange -> {
            var body = json.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private record Run(int exit, String out) {
    }

    private Run run(String... args) {
        var out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit = new CommandLine(new StorefleetCli()).execute(args);
        System.setOut(stdout);
        return new Run(exit, out.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void verifyPrintsOkWithTheEntryCount() throws Exception {
        var url = serve("/api/ledger/verify", "{\"ok\":true,\"entries\":42,\"brokenAtSeq\":null,\"reason\":null}");
        assertThat(run("verify", "--url", url)).isEqualTo(new Run(0, "ledger ok: 42 entries"));
    }

    @Test
    void historyOfARolloutPrintsItsFailures() throws Exception {
        var url = serve("/api/history/rollouts/", "{\"items\":[{\"seq\":9,\"recordedAt\":\"2026-11-26T08:00:00Z\","
                + "\"type\":\"WaveHalted\",\"storeId\":null,\"bundle\":\"pos\",\"commit\":\"3f2a1b2c00000000\","
                + "\"actor\":\"bundle-planner\"}],\"next\":null}");
        var run = run("history", "--rollout", "pos@3f2a1b2c", "--url", url);
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("failures in rollout pos@3f2a1b2c:")
                .contains("WaveHalted").contains("3f2a1b2c0000").contains("bundle-planner");
    }

    @Test
    void verifyNamesTheBrokenSeqAndExitsNonZero() throws Exception {
        var url = serve("/api/ledger/verify",
                "{\"ok\":false,\"entries\":6,\"brokenAtSeq\":7,\"reason\":\"hash does not match the entry's content\"}");
        assertThat(run("verify", "--url", url))
                .isEqualTo(new Run(1, "ledger broken at seq 7 (hash does not match the entry's content)"));
    }

    @Test
    void aProofFileVerifiesOfflineAndAnEditedOneDoesNot(@TempDir Path dir) throws Exception {
        var proof = proof("s1", 3);
        var good = dir.resolve("good.json");
        Files.writeString(good, proof.toString());
        assertThat(run("proof", "--verify", good.toString())).isEqualTo(new Run(0, "proof ok: 3 entries"));

        ((ObjectNode) proof.withArray("entries").get(1).get("payload")).put("storeId", "elsewhere");
        var bad = dir.resolve("bad.json");
        Files.writeString(bad, proof.toString());
        assertThat(run("proof", "--verify", bad.toString()))
                .isEqualTo(new Run(1, "proof broken at seq 2 (hash does not match the entry's content)"));
    }

    /** A proof as the service serves it, with the chain linked by LedgerChain. */
    private static ObjectNode proof(String store, int n) {
        var root = EventCodec.mapper().createObjectNode().put("format", "storefleet-ledger-proof/1").put("store", store);
        var entries = root.putArray("entries");
        String head = LedgerChain.GENESIS;
        String storeHead = null;
        var links = new ArrayList<LedgerChain.Link>();
        for (int seq = 1; seq <= n; seq++) {
            var t = Instant.parse("2026-11-26T05:00:00Z").plusSeconds(seq);
            var entry = new LedgerChain.Entry(seq, "e" + seq, "StoreHeartbeat", "storefleet.store.status", store, null,
                    null, null, "agent", "agent", t, t, EventCodec.encode(Map.of("storeId", store, "n", seq)));
            var link = LedgerChain.link(entry, head, storeHead);
            head = link.hash();
            storeHead = link.storeHash();
            links.add(link);
        }
        for (var l : links) {
            var e = l.entry();
            var node = entries.addObject().put("seq", e.seq()).put("eventId", e.eventId()).put("type", e.type())
                    .put("topic", e.topic()).put("storeId", e.storeId()).putNull("bundle").putNull("repo")
                    .putNull("commit").put("actor", e.actor()).put("source", e.source())
                    .put("eventTime", e.eventTime().toString()).put("recordedAt", e.recordedAt().toString())
                    .put("prevHash", l.prevHash()).put("hash", l.hash()).put("prevStoreHash", l.prevStoreHash())
                    .put("storeHash", l.storeHash());
            try {
                node.set("payload", EventCodec.mapper().readTree(e.payload()));
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }
        return root;
    }
}
