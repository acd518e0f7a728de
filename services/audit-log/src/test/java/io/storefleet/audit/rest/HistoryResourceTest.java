package io.storefleet.audit.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.storefleet.audit.PostgresTestResource;
import io.storefleet.audit.domain.LedgerMapping;
import io.storefleet.audit.domain.Projections;
import io.storefleet.audit.persistence.LedgerWriter;
import io.storefleet.model.BundleState;
import io.storefleet.model.FleetEvent;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;

import static io.restassured.RestAssured.given;
import static io.storefleet.audit.Fixtures.*;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class HistoryResourceTest {

    @Inject
    LedgerWriter writer;

    private void append(FleetEvent... events) {
        var batch = new ArrayList<LedgerWriter.Pending>();
        for (var e : events) {
            batch.add(new LedgerWriter.Pending(LedgerMapping.toRow(e, null), Projections.of(e)));
        }
        writer.appendAll(batch).await().indefinitely();
    }

    @Test
    void aStoresTimelineComesInKeysetPages() {
        var store = unique("store");
        append(online(store), heartbeat(store), heartbeat(unique("other")), offline(store));

        var first = given().queryParam("limit", 2).get("/api/history/stores/" + store).then().statusCode(200)
                .body("items.type", contains("StoreOnline", "StoreHeartbeat"))
                .body("next", notNullValue()).extract().jsonPath().getLong("next");
        given().queryParam("limit", 2).queryParam("afterSeq", first).get("/api/history/stores/" + store).then()
                .body("items.type", contains("StoreOffline")).body("next", nullValue());
    }

    @Test
    void whoDeployedWhatBetweenTwoTimes() {
        var before = Instant.now();
        var sha = unique("sha");
        var store = unique("store");
        append(commit("shop", sha), planned(store, "pos", "d1", "shop", sha), heartbeat(store));
        var after = Instant.now();

        given().queryParam("from", before.toString()).queryParam("to", after.plusMillis(1).toString()).queryParam("limit", 1000)
                .get("/api/history/deployments").then().statusCode(200)
                .body("items.findAll { it.commit == '" + sha + "' }.type", contains("CommitDetected", "BundleDeploymentPlanned"))
                .body("items.findAll { it.commit == '" + sha + "' }.actor", contains("ada@example.com", "bundle-planner"))
                .body("items.type", everyItem(org.hamcrest.Matchers.not("StoreHeartbeat")));
        given().queryParam("to", before.toString()).queryParam("limit", 1000).get("/api/history/deployments").then()
                .body("items.commit", everyItem(org.hamcrest.Matchers.not(sha)));
    }

    @Test
    void whatFailedForACommitAndWhichStoresRunIt() {
        var sha = unique("sha");
        var good = unique("store");
        var bad = unique("store");
        append(planningFailed("shop", sha, "kiosk"),
                planned(good, "pos", "d1", "shop", sha), planned(bad, "pos", "d1", "shop", sha),
                reported(good, status("pos", BundleState.Ready, "d1", sha)),
                reported(bad, status("pos", BundleState.ErrApplied, "d1", sha)));

        given().get("/api/history/commits/" + sha + "/failures").then().statusCode(200)
                .body("items.type", contains("PlanningFailed", "StoreStatusReported"))
                .body("items[1].storeId", equalTo(bad));
        given().get("/api/history/commits/" + sha + "/stores").then().statusCode(200)
                .body("items.storeId", hasItems(good, bad))
                .body("items.find { it.storeId == '" + bad + "' }.state", equalTo("ErrApplied"));
    }

    @Test
    void whatFailedInARolloutIsItsBundlesFailuresOnItsCommit() {
        var sha = unique("sha") + "0000000000";
        var rollout = "pos@" + sha.substring(0, 8);
        var bad = unique("store");
        var other = unique("store");
        append(new io.storefleet.model.RolloutStarted(meta("bundle-planner", rollout), rollout, "shop", sha, "pos",
                        "immediate", "PT1M", "1", false, java.util.List.of(new io.storefleet.model.RolloutWave(0, "canary",
                        java.util.List.of(bad, other), 0))),
                planned(bad, "pos", "d1", "shop", sha), planned(other, "kiosk", "k1", "shop", sha),
                reported(bad, status("pos", BundleState.ErrApplied, "d1", sha)),
                // another bundle of the same commit failing is not this rollout's failure
                reported(other, status("kiosk", BundleState.ErrApplied, "k1", sha)),
                planningFailed("shop", sha, "kiosk"),
                new io.storefleet.model.WaveHalted(meta("bundle-planner", rollout), rollout, "shop", sha, "pos", 0, "canary",
                        java.util.List.of(), java.util.List.of(), "1 of 2 stores failed, threshold 1"));

        given().get("/api/history/rollouts/" + rollout + "/failures").then().statusCode(200)
                .body("items.type", contains("StoreStatusReported", "WaveHalted"))
                .body("items[0].storeId", equalTo(bad));
        given().get("/api/history/rollouts/nope@00000000/failures").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void badInputIs400AndTheApiIsDescribedInOpenApi() {
        given().queryParam("from", "last tuesday").get("/api/history/deployments").then().statusCode(400);
        given().queryParam("limit", 0).get("/api/history/stores/x").then().statusCode(400);
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/history/commits/{commit}/failures"))
                .body(containsString("/api/ledger/verify"));
    }
}
