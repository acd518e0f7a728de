package io.storefleet.audit.persistence;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.storefleet.audit.PostgresTestResource;
import io.storefleet.audit.domain.LedgerMapping;
import io.storefleet.audit.domain.Projections;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.LedgerChain;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.storefleet.audit.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** The fleet chain and the store chains, as written, verified, tampered with and exported. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class LedgerHashChainTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @Inject
    LedgerWriter writer;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private List<LedgerChain.Link> append(FleetEvent... events) {
        return writer.appendAll(pending(events)).await().indefinitely();
    }

    private static List<LedgerWriter.Pending> pending(FleetEvent... events) {
        var batch = new ArrayList<LedgerWriter.Pending>();
        for (var e : events) {
            batch.add(new LedgerWriter.Pending(LedgerMapping.toRow(e, null), Projections.of(e)));
        }
        return batch;
    }

    @Test
    void aBatchWithARedeliveredEventLinksEveryNewRowWithoutGaps() {
        var store = unique("store");
        var beat = heartbeat(store);
        var first = append(beat);
        var links = append(online(store), beat, heartbeat(store), heartbeat(unique("other")));

        assertThat(links.get(1)).as("already recorded").isNull();
        assertThat(links.get(0).entry().seq()).isEqualTo(first.get(0).entry().seq() + 1);
        assertThat(links.get(2).entry().seq()).isEqualTo(links.get(0).entry().seq() + 1);
        assertThat(links.get(2).prevHash()).isEqualTo(links.get(0).hash());
        assertThat(links.get(0).prevStoreHash()).isEqualTo(first.get(0).storeHash());
        assertThat(links.get(3).prevStoreHash()).isEqualTo(LedgerChain.GENESIS);
        given().get("/api/ledger/verify").then().statusCode(200).body("ok", equalTo(true))
                .body("brokenAtSeq", nullValue());
    }

    @Test
    void twoWritersTakingTurnsOnOneStoreEachLinkBehindTheOthersRows() {
        // a second instance (its own StoreTips) over the same database: neither may link from a tip it remembers
        var other = new LedgerWriter(pool);
        var store = unique("store");
        var a1 = append(heartbeat(store)).get(0);
        var b1 = other.appendAll(pending(heartbeat(store))).await().indefinitely().get(0);
        var a2 = append(heartbeat(store)).get(0);
        var b2 = other.appendAll(pending(heartbeat(store))).await().indefinitely().get(0);

        assertThat(b1.prevStoreHash()).isEqualTo(a1.storeHash());
        assertThat(a2.prevStoreHash()).isEqualTo(b1.storeHash());
        assertThat(b2.prevStoreHash()).isEqualTo(a2.storeHash());
        given().get("/api/ledger/verify").then().statusCode(200).body("ok", equalTo(true));
    }

    @Test
    void aRowChangedBySuperuserSqlIsNamedBySeqAndTheChainIsWholeAgainWhenRestored() throws SQLException {
        var store = unique("store");
        var links = append(heartbeat(store), offline(store), heartbeat(store));
        long target = links.get(1).entry().seq();
        given().get("/api/ledger/verify").then().body("ok", equalTo(true));

        var original = tamper(target, "payload = jsonb_set(payload, '{storeId}', '\"elsewhere\"')");
        try {
            given().get("/api/ledger/verify").then().statusCode(200)
                    .body("ok", equalTo(false))
                    .body("brokenAtSeq", equalTo((int) target))
                    .body("reason", equalTo("hash does not match the entry's content"));
        } finally {
            tamper(target, "payload = '" + original + "'::jsonb");
        }
        given().get("/api/ledger/verify").then().body("ok", equalTo(true));
    }

    @Test
    void aStoresProofVerifiesOnItsOwnAndAChangedEntryDoesNot() {
        var store = unique("store");
        append(heartbeat(store), commit("shop", unique("sha")), online(store));
        var from = Instant.now();
        append(planned(store, "pos", "d1", "shop", "c1"), heartbeat(unique("other")), offline(store));

        var all = given().get("/api/ledger/proof/" + store).then().statusCode(200)
                .body("format", equalTo("storefleet-ledger-proof/1")).extract().jsonPath();
        assertThat(all.getList("entries")).hasSize(4);
        assertThat(verifySlice(all)).isEqualTo(LedgerChain.Verdict.ok(4));

        var later = given().queryParam("from", from.toString()).get("/api/ledger/proof/" + store).then()
                .statusCode(200).extract().jsonPath();
        assertThat(later.getList("entries.type")).containsExactly("BundleDeploymentPlanned", "StoreOffline");
        assertThat(verifySlice(later).ok()).isTrue();

        given().queryParam("from", "yesterday").get("/api/ledger/proof/" + store).then().statusCode(400);
    }

    /** What `storefleet proof --verify` does, on the JSON as served. */
    private static LedgerChain.Verdict verifySlice(JsonPath proof) {
        var verifier = LedgerChain.Verifier.storeSlice();
        List<Map<String, Object>> entries = proof.getList("entries");
        for (var e : entries) {
            var entry = new LedgerChain.Entry(((Number) e.get("seq")).longValue(), (String) e.get("eventId"),
                    (String) e.get("type"), (String) e.get("topic"), (String) e.get("storeId"), (String) e.get("bundle"),
                    (String) e.get("repo"), (String) e.get("commit"), (String) e.get("actor"), (String) e.get("source"),
                    time(e.get("eventTime")), time(e.get("recordedAt")), EventCodec.encode(e.get("payload")));
            verifier.accept(new LedgerChain.Link(entry, (String) e.get("prevHash"), (String) e.get("hash"),
                    (String) e.get("prevStoreHash"), (String) e.get("storeHash")));
        }
        return verifier.finish(null, null);
    }

    private static Instant time(Object value) {
        return value == null ? null : Instant.parse((String) value);
    }

    /** Changes one row as a superuser would: trigger off, UPDATE, trigger on, in one transaction. Returns the old payload. */
    private String tamper(long seq, String assignment) throws SQLException {
        try (var c = DriverManager.getConnection(url, "postgres", "")) {
            c.setAutoCommit(false);
            String before;
            try (var st = c.createStatement()) {
                var rs = st.executeQuery("SELECT payload::text FROM ledger WHERE seq = " + seq);
                rs.next();
                before = rs.getString(1);
                st.execute("ALTER TABLE ledger DISABLE TRIGGER ledger_append_only");
                assertThat(st.executeUpdate("UPDATE ledger SET " + assignment + " WHERE seq = " + seq)).isEqualTo(1);
                st.execute("ALTER TABLE ledger ENABLE TRIGGER ledger_append_only");
            }
            c.commit();
            return before.replace("'", "''");
        }
    }
}
