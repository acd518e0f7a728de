package io.storefleet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.storefleet.agent.sim.Simulator;
import io.storefleet.agent.sim.SimulatorConfig;
import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Service;
import io.storefleet.infra.StoreInventory;
import io.storefleet.infra.demo.Convergence;
import io.storefleet.infra.demo.DemoRepo;
import io.storefleet.infra.demo.FleetApi;
import io.storefleet.model.BundleSigning;
import io.storefleet.model.EventCodec;
import io.storefleet.model.auth.Role;
import io.storefleet.model.view.BundleView;
import io.storefleet.planner.domain.rollout.MaintenanceWindow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Staged rollouts on the real stack with 30 simulated stores (in this JVM, so the test can inject faults): a healthy
 * release goes canary → 2 waves → complete; a release whose canary never gets Ready halts after the canary, the other
 * 27 never receive it and the canary is rolled back; under {@code store-hours-closed} a store receives the change
 * only once the planner's (test-controlled) clock enters its window.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutIT {
    static final int STORES = 30;
    static final Duration CONVERGE = Duration.ofSeconds(120);
    static final String FLEET_YAML = "apps/pos-gateway/fleet.yaml";
    static final String WAVES = """
            defaultNamespace: pos
            correctDrift: true
            rolloutStrategy:
              autoPartitionSize: 14
            storefleet:
              canary: 3
              bakeTime: 3s
              readyDeadline: 8s
              haltOnFailure: 1
              autoRollback: true
            """;
    static final String WINDOWS = """
            defaultNamespace: pos
            correctDrift: true
            storefleet:
              maintenanceWindow: store-hours-closed
            """;

    static E2eFleet fleet;
    static LocalStack stack;
    static DemoRepo repo;
    static FleetApi api;
    static Simulator simulator;
    static List<String> storeIds;
    static Path clockFile;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() throws Exception {
        clockFile = Files.createTempFile("storefleet-clock", ".txt"); // empty: the system clock until a test writes an instant
        fleet = E2eFleet.start("ro", STORES, Map.of(Service.BUNDLE_PLANNER, Map.of(
                "storefleet.planner.clock-file", clockFile.toString(),
                "storefleet.planner.rollout-tick", "500ms")));
        stack = fleet.stack();
        repo = fleet.repo();
        api = fleet.api();
        storeIds = SimulatorConfig.numberedIds(fleet.prefix(), STORES);
        simulator = Simulator.start(SimulatorConfig.of("127.0.0.1", stack.mqttPort(), storeIds)
                .withSecurity(stack.mqttCaFile().toString(), stack.enrolStores(storeIds))
                .withPublicKey(BundleSigning.publicKey(Files.readString(stack.signingPublicKeyFile()))));
        awaitConverged(repo.head());
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (simulator != null) {
            simulator.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        Files.deleteIfExists(clockFile);
    }

    @Test
    @Order(1)
    void healthyReleaseGoesCanaryThenTwoWavesThenCompletes() throws Exception {
        var sha = repo.nextRelease("alice", Map.of(FLEET_YAML, WAVES));
        api.triggerWebhook();
        var rollout = DemoRepo.BUNDLE + "@" + sha.substring(0, 8);

        await().atMost(CONVERGE).until(() -> api.eventCount("RolloutCompleted", sha) == 1);
        awaitConverged(sha);

        var started = payload(api.events("RolloutStarted", sha).get(0));
        assertThat(started.path("rolloutId").asText()).isEqualTo(rollout);
        // RolloutStarted announces wave sizes; each WaveStarted names its wave's stores (events stay small at any fleet size)
        assertThat(started.path("waves").findValuesAsText("name")).containsExactly("canary", "auto-1", "auto-2");
        assertThat(started.path("waves").findValues("size")).extracting(JsonNode::asInt).containsExactly(3, 14, 13);
        assertThat(started.path("waves").findValues("stores")).allSatisfy(stores -> assertThat(stores).isEmpty());
        var waves = new java.util.TreeMap<Integer, List<String>>();
        api.events("WaveStarted", sha).forEach(e -> {
            var stores = new ArrayList<String>();
            payload(e).path("stores").forEach(s -> stores.add(s.asText()));
            waves.put(payload(e).path("wave").asInt(), stores);
        });
        assertThat(waves.keySet()).containsExactly(0, 1, 2);
        assertThat(waves.values()).extracting(List::size).containsExactly(3, 14, 13);
        assertThat(waves.get(0)).containsExactlyElementsOf(storeIds.subList(0, 3));
        assertThat(payload(api.events("RolloutCompleted", sha).get(0)).path("outcome").asText()).isEqualTo("Completed");

        // a wave's stores got the deployment only after every store of the wave before reported Ready on it
        var planned = api.events("BundleDeploymentPlanned", sha);
        var reports = api.events("StoreStatusReported", sha);
        assertThat(planned).hasSize(STORES);
        for (int w = 1; w < waves.size(); w++) {
            var previousWave = Set.copyOf(waves.get(w - 1));
            var thisWave = Set.copyOf(waves.get(w));
            long lastReadyBefore = reports.stream().filter(e -> previousWave.contains(e.get("storeId")))
                    .filter(e -> payload(e).path("bundles").get(0).path("state").asText().equals("Ready"))
                    .collect(Collectors.groupingBy(e -> e.get("storeId"), Collectors.mapping(RolloutIT::seq, Collectors.minBy(Long::compare))))
                    .values().stream().mapToLong(o -> o.orElseThrow()).max().orElseThrow();
            long firstRelease = planned.stream().filter(e -> thisWave.contains(e.get("storeId"))).mapToLong(RolloutIT::seq).min().orElseThrow();
            assertThat(firstRelease).as("wave %d released after wave %d was Ready", w, w - 1).isGreaterThan(lastReadyBefore);
        }
        assertThat(rollout(rollout).path("state").asText()).isEqualTo("Completed");
    }

    @Test
    @Order(2)
    void failingCanaryHaltsAfterTheCanaryAndIsRolledBackWhileTheOthersNeverGetTheChange() throws Exception {
        var before = appliedIds();
        assertThat(Set.copyOf(before.values())).hasSize(1);
        var good = before.values().iterator().next();
        var canary = storeIds.subList(0, 3);
        // the canary stores apply anything new but its pods never start
        canary.forEach(s -> simulator.neverReady(s, id -> !id.equals(good)));

        var sha = repo.nextRelease("bob");
        api.triggerWebhook();
        var rollout = DemoRepo.BUNDLE + "@" + sha.substring(0, 8);

        await().atMost(CONVERGE).until(() -> api.eventCount("WaveHalted", sha) == 1);
        var halted = payload(api.events("WaveHalted", sha).get(0));
        assertThat(halted.path("name").asText()).isEqualTo("canary");
        assertThat(halted.path("failures").findValuesAsText("storeId")).containsExactlyInAnyOrderElementsOf(canary);
        assertThat(halted.path("failures").findValuesAsText("state")).containsOnly("NotReady");
        var rolledBack = new TreeSet<String>();
        halted.path("rolledBack").forEach(s -> rolledBack.add(s.asText()));
        assertThat(rolledBack).containsExactlyElementsOf(canary);

        // the canary is back on the previous deployment id, Ready; nobody runs the halted release
        await().atMost(CONVERGE).untilAsserted(() -> {
            var now = appliedIds();
            assertThat(now).hasSize(STORES);
            assertThat(now.values()).containsOnly(good);
            assertThat(api.stores()).allSatisfy(s -> assertThat(s.bundles()).extracting(BundleView::state).containsOnly("Ready"));
        });
        // the other 27 never get the change: only the canary's three deployments exist for this commit, and it stays so
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> api.eventCount("BundleDeploymentPlanned", sha) == 3);
        assertThat(api.events("BundleDeploymentPlanned", sha)).extracting(e -> e.get("storeId")).containsExactlyInAnyOrderElementsOf(canary);
        assertThat(api.eventCount("RolloutCompleted", sha)).isZero();
        var view = rollout(rollout);
        assertThat(view.path("state").asText()).isEqualTo("Halted");
        assertThat(view.path("waves").get(1).path("released").asInt()).isZero();
        assertThat(view.path("waves").get(2).path("released").asInt()).isZero();
        canary.forEach(s -> simulator.neverReady(s, id -> false));
    }

    @Test
    @Order(3)
    void aStoreReceivesTheChangeOnlyOnceTheClockEntersItsWindow() throws Exception {
        // Wednesday 2 Dec 2026, 18:00 UTC: noon in Chicago, every store of the fixture is trading (or never closes)
        var trading = Instant.parse("2026-12-02T18:00:00Z");
        Files.writeString(clockFile, trading.toString());
        var rows = StoreInventory.stores(StoreInventory.fixture(), STORES, fleet.prefix());
        assertThat(rows).allSatisfy(r -> assertThat(window(r).at(trading)).isInstanceOf(MaintenanceWindow.Closed.class));

        var sha = repo.nextRelease("carol", Map.of(FLEET_YAML, WINDOWS));
        api.triggerWebhook();
        var rollout = DemoRepo.BUNDLE + "@" + sha.substring(0, 8);
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(storeLines(rollout(rollout)).values())
                .hasSize(STORES).allMatch(s -> s.startsWith("Pending (")));
        assertThat(storeLines(rollout(rollout))).containsEntry(storeIds.get(0), "Pending (" + ((MaintenanceWindow.Closed) window(rows.get(0)).at(trading)).reason() + ")");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> api.eventCount("BundleDeploymentPlanned", sha) == 0);

        // 04:30 UTC: 23:30 in New York, 22:30 in Chicago, 20:30 in Los Angeles — the east has closed, the west still trades
        var evening = Instant.parse("2026-12-03T04:30:00Z");
        var open = rows.stream().filter(r -> window(r).at(evening) instanceof MaintenanceWindow.Open).map(StoreInventory.Row::id)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(open).isNotEmpty().hasSizeLessThan(STORES);
        Files.writeString(clockFile, evening.toString());

        await().atMost(CONVERGE).untilAsserted(() -> assertThat(planned(sha)).isEqualTo(open));
        await().atMost(CONVERGE).untilAsserted(() -> {
            var lines = storeLines(rollout(rollout));
            open.forEach(s -> assertThat(lines.get(s)).isEqualTo("Ready"));
        });
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> planned(sha).equals(open));

        // 10:00 UTC: night everywhere in the fixture's time zones; only the stores open around the clock still wait
        var night = Instant.parse("2026-12-03T10:00:00Z");
        var neverClose = rows.stream().filter(r -> window(r).at(night) instanceof MaintenanceWindow.Closed).map(StoreInventory.Row::id)
                .collect(Collectors.toCollection(TreeSet::new));
        Files.writeString(clockFile, night.toString());
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(planned(sha)).hasSize(STORES - neverClose.size()));
        var lines = storeLines(rollout(rollout));
        neverClose.forEach(s -> assertThat(lines.get(s)).isEqualTo("Pending (store never closes)"));
        assertThat(rollout(rollout).path("state").asText()).isEqualTo("Running");

        // the operator ends it: the stores that never close keep what they run
        var aborted = control(rollout, "abort");
        assertThat(aborted.path("state").asText()).isEqualTo("Aborted");
        await().atMost(Duration.ofSeconds(30)).until(() -> api.eventCount("RolloutCompleted", sha) == 1);
        assertThat(payload(api.events("RolloutCompleted", sha).get(0)).path("outcome").asText()).isEqualTo("Aborted");
    }

    @Test
    @Order(4)
    void aPausedRolloutStaysPausedAcrossAPlannerRestartAndResumes() throws Exception {
        var sha = repo.nextRelease("dave", Map.of(FLEET_YAML, WAVES.replace("bakeTime: 3s", "bakeTime: 6s")));
        api.triggerWebhook();
        var rollout = DemoRepo.BUNDLE + "@" + sha.substring(0, 8);
        await().atMost(CONVERGE).until(() -> api.eventCount("WaveStarted", sha) == 1);

        assertThat(control(rollout, "pause").path("state").asText()).isEqualTo("Paused");
        stack.stopService(Service.BUNDLE_PLANNER, false);
        stack.restartService(Service.BUNDLE_PLANNER);

        assertThat(rollout(rollout).path("state").asText()).isEqualTo("Paused");
        // paused: the canary finishes, but no further wave starts however long it waits
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(15)).until(() ->
                api.eventCount("WaveStarted", sha) == 1 && api.eventCount("BundleDeploymentPlanned", sha) == 3);
        assertThat(control(rollout, "resume").path("state").asText()).isEqualTo("Running");
        await().atMost(CONVERGE).until(() -> api.eventCount("RolloutCompleted", sha) == 1);
        awaitConverged(sha);

        // the ledger says who paused and who resumed: the operator token's actor, not the planner
        await().atMost(Duration.ofSeconds(30)).until(() -> api.eventCount("RolloutControlled", sha) == 2);
        assertThat(api.events("RolloutControlled", sha))
                .extracting(e -> payload(e).path("action").asText(), e -> e.get("actor"), e -> payload(e).path("rolloutId").asText())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PAUSE", "local-operator", rollout),
                        org.assertj.core.groups.Tuple.tuple("RESUME", "local-operator", rollout));
    }

    private static MaintenanceWindow window(StoreInventory.Row row) {
        return MaintenanceWindow.of(row.timezone(), row.hours(), row.freeze());
    }

    private static Set<String> planned(String sha) throws Exception {
        return api.events("BundleDeploymentPlanned", sha).stream().map(e -> (String) e.get("storeId"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, String> storeLines(JsonNode rollout) {
        var lines = new java.util.TreeMap<String, String>();
        rollout.path("waves").forEach(w -> w.path("storeLines").forEach(s -> lines.put(s.path("storeId").asText(), s.path("status").asText())));
        return lines;
    }

    private static JsonNode rollout(String id) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(planner().resolve("/api/rollouts/" + id.replace("@", "%40")))
                        .header("Authorization", "Bearer " + stack.operatorToken(Role.viewer)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventCodec.mapper().readTree(response.body());
    }

    private static JsonNode control(String id, String action) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(planner().resolve("/api/rollouts/" + id.replace("@", "%40") + "/" + action))
                .header("Authorization", "Bearer " + stack.operatorToken(Role.operator))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventCodec.mapper().readTree(response.body());
    }

    private static URI planner() {
        return stack.httpUrl(Service.BUNDLE_PLANNER);
    }

    static JsonNode payload(Map<String, Object> event) {
        var p = event.get("payload");
        try {
            return p instanceof String s ? EventCodec.mapper().readTree(s) : EventCodec.mapper().valueToTree(p);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long seq(Map<String, Object> event) {
        return ((Number) event.get("seq")).longValue();
    }

    private static Map<String, String> appliedIds() throws Exception {
        var ids = new java.util.TreeMap<String, String>();
        api.stores().forEach(s -> s.bundles().forEach(b -> ids.put(s.id(), b.appliedDeploymentId())));
        return ids;
    }

    private static void awaitConverged(String sha) {
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(Convergence.of(api.stores(), sha, STORES).summary()).isEqualTo(STORES + "/" + STORES + " Ready"));
    }
}
