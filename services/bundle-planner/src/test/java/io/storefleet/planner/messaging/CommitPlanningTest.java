package io.storefleet.planner.messaging;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleDeploymentRemoved;
import io.storefleet.model.BundleSigning;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.ContentHash;
import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.FailureReason;
import io.storefleet.model.ManifestCodec;
import io.storefleet.model.PlanningFailed;
import io.storefleet.model.StoreOnline;
import io.storefleet.planner.testing.GitRepoOnDisk;
import io.storefleet.planner.testing.PlannerChannels;
import io.storefleet.planner.testing.PlannerChannels.Delivery;
import io.storefleet.planner.testing.PostgresAndDataDir;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@WithTestResource(PostgresAndDataDir.class)
class CommitPlanningTest {
    private static final String WEB_DEPLOY = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 1
            """;
    private static final String POS_FLEET = "namespace: pos\ncorrectDrift:\n  enabled: false\n";
    private static final String POS_APP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pos-settings\n  namespace: ignored\n";

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    AgroalDataSource dataSource;

    private InMemorySink<String> deployments;
    private InMemorySink<String> rolloutEvents;
    private PlannerChannels channels;
    private GitRepoOnDisk repo;
    private List<String> stores;

    @BeforeEach
    void setUp() throws SQLException {
        channels = new PlannerChannels(connector);
        deployments = channels.deployments;
        rolloutEvents = channels.rolloutEvents;
        repo = new GitRepoOnDisk();
        stores = PlannerChannels.freshStores(dataSource, "st", 3);
        var prefix = stores.get(0).substring(0, stores.get(0).length() - 3);
        execute("INSERT INTO stores (id, name, enrolled) VALUES ('" + prefix + "900', 'not enrolled', false)");
    }

    @AfterEach
    void tearDown() {
        repo.close();
    }

    @Test
    void commitWithTwoBundlesPlansEveryBundleForEveryEnrolledStore() {
        var commit = repo.commit("two bundles", Map.of(
                "apps/web/deploy.yaml", WEB_DEPLOY,
                "pos/fleet.yaml", POS_FLEET,
                "pos/app.yaml", POS_APP,
                "README.md", "# not a bundle"));

        var delivery = deliver(commit);

        await().atMost(Duration.ofSeconds(10)).until(delivery::acked);
        var planned = planned(commit);
        assertThat(planned).hasSize(6);
        assertThat(delivery.deploymentsSeenAtAck()).as("acked only after every record was acknowledged").isEqualTo(6);
        assertThat(planned).extracting(BundleDeploymentPlanned::storeId).containsOnlyElementsOf(stores);
        assertThat(planned).allSatisfy(d -> {
            assertThat(d.meta().subject()).isEqualTo(d.storeId());
            assertThat(d.meta().source()).isEqualTo("bundle-planner");
            assertThat(d.repo()).isEqualTo(repo.repoId());
        });
        assertThat(keysOf(deployments.received())).containsExactlyInAnyOrderElementsOf(
                planned.stream().map(BundleDeploymentPlanned::storeId).toList());

        var webYaml = """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: default
                spec:
                  replicas: 1
                """;
        var posYaml = """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: pos-settings
                  namespace: pos
                """;
        var posOptions = new DeploymentOptions("default", "pos", false);
        assertThat(planned).filteredOn(d -> d.bundle().equals("apps-web")).hasSize(3).allSatisfy(d -> {
            assertThat(ManifestCodec.unpack(d.manifestsGz())).isEqualTo(webYaml);
            assertThat(d.deploymentId()).isEqualTo(ContentHash.deploymentId(webYaml, DeploymentOptions.DEFAULTS));
            assertThat(d.contentHash()).isEqualTo(ContentHash.sha256(webYaml));
        });
        assertThat(planned).filteredOn(d -> d.bundle().equals("pos")).hasSize(3).allSatisfy(d -> {
            assertThat(ManifestCodec.unpack(d.manifestsGz())).isEqualTo(posYaml);
            assertThat(d.options()).isEqualTo(posOptions);
            assertThat(d.deploymentId()).isEqualTo(ContentHash.deploymentId(posYaml, posOptions));
        });
        assertThat(failures(commit)).isEmpty();
    }

    @Test
    void brokenBundleFailsWithFileAndLineWhileTheOtherBundleIsStillPlanned() {
        var commit = repo.commit("one broken", Map.of(
                "apps/web/deploy.yaml", WEB_DEPLOY,
                "kiosk/fleet.yaml", "defaultNamespace: kiosk\n",
                "kiosk/deploy.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   broken: indent\n"));

        var delivery = deliver(commit);

        await().atMost(Duration.ofSeconds(10)).until(delivery::acked);
        assertThat(planned(commit)).hasSize(3).extracting(BundleDeploymentPlanned::bundle).containsOnly("apps-web");
        assertThat(failures(commit)).singleElement().satisfies(failure -> {
            assertThat(failure.reason()).isEqualTo(FailureReason.YamlInvalid);
            assertThat(failure.bundle()).isEqualTo("kiosk");
            assertThat(failure.file()).isEqualTo("kiosk/deploy.yaml");
            assertThat(failure.line()).isEqualTo(5);
            assertThat(failure.key()).isEqualTo(repo.repoId());
        });
        assertThat(keysOf(rolloutEvents.received())).contains(repo.repoId());
    }

    @Test
    void redeliveredCommitNotYetRecordedYieldsTheSameEventIds() throws SQLException {
        var commit = repo.commit("replayed", Map.of(
                "apps/web/deploy.yaml", WEB_DEPLOY,
                "broken/cm.yaml", "kind: ConfigMap\n"));

        var first = deliver(commit);
        await().atMost(Duration.ofSeconds(10)).until(first::acked);
        var firstIds = ids(commit);
        deployments.clear();
        rolloutEvents.clear();
        // as after a crash between the Kafka writes and recording the plan
        execute("DELETE FROM planned_deployments WHERE repo = '" + repo.repoId() + "'");
        var second = deliver(commit);
        await().atMost(Duration.ofSeconds(10)).until(second::acked);

        assertThat(firstIds).hasSize(4);
        assertThat(ids(commit)).containsExactlyInAnyOrderElementsOf(firstIds);
    }

    @Test
    void redeliveredCommitAlreadyRecordedEmitsNoDeploymentsAgain() {
        var commit = repo.commit("once", Map.of("apps/web/deploy.yaml", WEB_DEPLOY));
        var first = deliver(commit);
        await().atMost(Duration.ofSeconds(10)).until(first::acked);
        deployments.clear();

        var second = deliver(commit);

        await().atMost(Duration.ofSeconds(10)).until(second::acked);
        assertThat(deployments.received()).isEmpty();
    }

    @Test
    void newCommitEmitsOnlyChangedBundlesAndRemovesDeletedOnesAndUntargetedStores() throws SQLException {
        var first = repo.commit("web and pos", Map.of(
                "apps/web/deploy.yaml", WEB_DEPLOY,
                "pos/fleet.yaml", POS_FLEET,
                "pos/app.yaml", POS_APP));
        var firstDelivery = deliver(first);
        await().atMost(Duration.ofSeconds(10)).until(firstDelivery::acked);
        deployments.clear();
        execute("UPDATE stores SET enrolled = false WHERE id = '" + stores.get(2) + "'");
        var changes = new HashMap<String, String>();
        changes.put("pos/fleet.yaml", null);
        changes.put("pos/app.yaml", null);
        changes.put("kiosk/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kiosk\n");

        var second = repo.commit("pos gone, kiosk new, web unchanged", changes);
        var delivery = deliver(second);

        await().atMost(Duration.ofSeconds(10)).until(delivery::acked);
        assertThat(planned(second)).extracting(BundleDeploymentPlanned::bundle, BundleDeploymentPlanned::storeId)
                .containsExactlyInAnyOrder(tuple("kiosk", stores.get(0)), tuple("kiosk", stores.get(1)));
        assertThat(removed(second)).extracting(BundleDeploymentRemoved::bundle, BundleDeploymentRemoved::storeId)
                .containsExactlyInAnyOrder(tuple("pos", stores.get(0)), tuple("pos", stores.get(1)), tuple("pos", stores.get(2)),
                        tuple("apps-web", stores.get(2)));
        assertThat(removed(second)).allSatisfy(r -> assertThat(r.repo()).isEqualTo(repo.repoId()));
    }

    @Test
    void bundleBrokenByACommitKeepsWhatItsStoresHad() {
        var first = repo.commit("pos", Map.of("pos/fleet.yaml", POS_FLEET, "pos/app.yaml", POS_APP));
        var firstDelivery = deliver(first);
        await().atMost(Duration.ofSeconds(10)).until(firstDelivery::acked);
        var broken = repo.commit("pos broken", Map.of("pos/fleet.yaml", "defaultNamspace: typo\n"));
        var brokenDelivery = deliver(broken);
        await().atMost(Duration.ofSeconds(10)).until(brokenDelivery::acked);
        assertThat(removed(broken)).isEmpty();
        assertThat(failures(broken)).singleElement().extracting(PlanningFailed::reason).isEqualTo(FailureReason.FleetYamlInvalid);
        deployments.clear();

        var fixed = repo.commit("pos fixed, same content", Map.of("pos/fleet.yaml", POS_FLEET));
        var fixedDelivery = deliver(fixed);

        await().atMost(Duration.ofSeconds(10)).until(fixedDelivery::acked);
        assertThat(deployments.received()).as("the stores still run the pre-break deployment").isEmpty();
    }

    @Test
    void deploymentsAreSignedWithTheKeyPublishedOnTheApi() {
        var commit = repo.commit("signed", Map.of("apps/web/deploy.yaml", WEB_DEPLOY));
        var delivery = deliver(commit);
        await().atMost(Duration.ofSeconds(10)).until(delivery::acked);

        var published = given().get("/api/signing-key").then().statusCode(200).extract().path("publicKey").toString();
        var key = BundleSigning.publicKey(published);

        assertThat(planned(commit)).hasSize(3).allSatisfy(d -> assertThat(BundleSigning.verify(d, key)).isTrue());
        var tampered = planned(commit).get(0);
        tampered = new BundleDeploymentPlanned(tampered.meta(), tampered.deploymentId(), tampered.storeId(), tampered.bundle(),
                tampered.repo(), tampered.commit(), tampered.contentHash(),
                ManifestCodec.pack(ManifestCodec.unpack(tampered.manifestsGz()).replace("replicas: 1", "replicas: 9")),
                tampered.options(), tampered.wave(), tampered.signature());
        assertThat(BundleSigning.verify(tampered, key)).as("tampered manifests").isFalse();
    }

    @Test
    void storeAddedToTheInventoryGetsItsBundlesAndARelabelRetargetsItWithNoCommit() {
        var commit = repo.commit("web and pos", Map.of(
                "apps/web/deploy.yaml", WEB_DEPLOY,
                "pos/fleet.yaml", POS_FLEET + "targetCustomizations:\n- name: no-kiosks\n  clusterSelector:\n"
                        + "    matchLabels: {format: kiosk}\n  doNotDeploy: true\n",
                "pos/app.yaml", POS_APP));
        var delivery = deliver(commit);
        await().atMost(Duration.ofSeconds(10)).until(delivery::acked);
        deployments.clear();
        var newStore = "new-" + UUID.randomUUID().toString().substring(0, 6);

        var added = deliverChange(newStore, "c", 100, "{\"format\": \"express\"}", true);
        await().atMost(Duration.ofSeconds(10)).until(added::acked);
        assertThat(planned(commit)).extracting(BundleDeploymentPlanned::storeId, BundleDeploymentPlanned::bundle)
                .containsExactlyInAnyOrder(tuple(newStore, "apps-web"), tuple(newStore, "pos"));
        deployments.clear();

        var relabelled = deliverChange(newStore, "u", 200, "{\"format\": \"kiosk\"}", true);
        await().atMost(Duration.ofSeconds(10)).until(relabelled::acked);
        assertThat(planned(commit)).as("web is unchanged for the store").isEmpty();
        assertThat(removed(commit)).extracting(BundleDeploymentRemoved::storeId, BundleDeploymentRemoved::bundle)
                .containsExactly(tuple(newStore, "pos"));
        deployments.clear();

        var unenrolled = deliverChange(newStore, "u", 300, "{\"format\": \"kiosk\"}", false);
        await().atMost(Duration.ofSeconds(10)).until(unenrolled::acked);
        assertThat(removed(commit)).extracting(BundleDeploymentRemoved::storeId, BundleDeploymentRemoved::bundle)
                .containsExactly(tuple(newStore, "apps-web"));
        assertThat(planned(commit)).isEmpty();
    }

    @Test
    void unreadableStoreChangeIsNacked() {
        var garbage = channels.deliverChange("{not json");

        await().atMost(Duration.ofSeconds(10)).until(garbage::nacked);
    }

    @Test
    void unreadableInventoryIsRetriedUntilItIsBackAndTheCommitIsThenPlanned() throws SQLException {
        var commit = repo.commit("no inventory", Map.of("apps/web/deploy.yaml", WEB_DEPLOY));
        execute("ALTER TABLE stores RENAME TO stores_away");
        Delivery delivery;
        try {
            delivery = deliver(commit);

            // the outage is reported (one PlanningFailed however often it is tried) but not dead-lettered
            await().atMost(Duration.ofSeconds(10)).until(() -> !failures(commit).isEmpty());
            assertThat(failures(commit)).allSatisfy(failure -> {
                assertThat(failure.reason()).isEqualTo(FailureReason.InventoryUnavailable);
                assertThat(failure.bundle()).isNull();
            });
            assertThat(failures(commit).stream().map(PlanningFailed::id).distinct()).hasSize(1);
            assertThat(delivery.nacked()).isFalse();
            assertThat(delivery.acked()).isFalse();
            assertThat(planned(commit)).isEmpty();
        } finally {
            execute("ALTER TABLE stores_away RENAME TO stores");
        }
        await().atMost(Duration.ofSeconds(20)).until(delivery::acked);
        assertThat(delivery.nacked()).isFalse();
        assertThat(planned(commit)).extracting(BundleDeploymentPlanned::storeId).containsExactlyInAnyOrderElementsOf(stores);
    }

    @Test
    void commitMissingFromTheRepoFailsWithGitReadFailedAndIsNackedOnceRetriesRunOut() {
        var real = repo.commit("real", Map.of("apps/web/deploy.yaml", WEB_DEPLOY));
        var ghost = new CommitDetected(EventMeta.of("git-watcher", real.repo()), real.repo(), real.repoUrl(), "main",
                "deadbeef".repeat(5), null, real.author(), real.committer(), "ghost", real.commitTime(), List.of(), "unsigned");

        var delivery = deliver(ghost);

        // retried for retry.give-up-after (8 s in tests), then given up: dead-lettered
        await().atMost(Duration.ofSeconds(40)).until(delivery::nacked);
        // emitted per attempt, always under the same event id: the ledger keeps one
        assertThat(failures(ghost).stream().map(PlanningFailed::id).distinct()).hasSize(1);
        assertThat(failures(ghost)).allSatisfy(failure -> {
            assertThat(failure.reason()).isEqualTo(FailureReason.GitReadFailed);
            assertThat(failure.detail()).contains(ghost.sha());
        });
    }

    @Test
    void otherEventsAreAckedAndIgnoredButGarbageIsNacked() {
        var ignored = deliver(EventCodec.encode(new StoreOnline(EventMeta.of("store-dispatcher", "s1"), "s1")));
        var garbage = deliver("{not json");

        await().atMost(Duration.ofSeconds(10)).until(() -> ignored.acked() && garbage.nacked());
        assertThat(deployments.received()).isEmpty();
        assertThat(rolloutEvents.received()).isEmpty();
    }

    @Test
    void tenThousandDeploymentsOfOneCommitAreAllEmittedBeforeTheAck() throws SQLException {
        try (var connection = dataSource.getConnection();
             var insert = connection.prepareStatement("INSERT INTO stores (id, name) VALUES (?, ?)")) {
            for (int i = 0; i < 4997; i++) {
                insert.setString(1, "bulk-" + i);
                insert.setString(2, "Bulk " + i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        var commit = repo.commit("fleet-wide", Map.of(
                "apps/web/deploy.yaml", WEB_DEPLOY,
                "pos/fleet.yaml", POS_FLEET,
                "pos/app.yaml", POS_APP));

        var delivery = deliver(commit);

        await().atMost(Duration.ofSeconds(30)).until(delivery::acked);
        assertThat(delivery.deploymentsSeenAtAck()).isEqualTo(10_000);
        assertThat(planned(commit)).extracting(BundleDeploymentPlanned::id).doesNotHaveDuplicates().hasSize(10_000);
    }

    @Test
    void healthAndPlanningMetricsAreExposed() {
        var commit = repo.commit("metrics", Map.of("apps/web/deploy.yaml", WEB_DEPLOY));
        var delivery = deliver(commit);
        await().atMost(Duration.ofSeconds(10)).until(delivery::acked);

        given().get("/q/health").then().statusCode(200).body("status", is("UP"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("storefleet_planner_commits_planned_total"))
                .body(containsString("storefleet_planner_deployments_emitted_total"))
                .body(containsString("storefleet_planner_planning_duration_seconds_count"));
    }

    private Delivery deliver(CommitDetected commit) {
        return channels.deliver(commit);
    }

    private Delivery deliver(String payload) {
        return channels.deliver(payload);
    }

    private Delivery deliverChange(String storeId, String op, long lsn, String labelsJson, boolean enrolled) {
        return channels.deliverChange(storeId, op, lsn, labelsJson, enrolled);
    }

    private List<BundleDeploymentPlanned> planned(CommitDetected commit) {
        return deployments.received().stream()
                .map(m -> EventCodec.decode(m.getPayload()))
                .filter(e -> e instanceof BundleDeploymentPlanned d && d.commit().equals(commit.sha()))
                .map(BundleDeploymentPlanned.class::cast)
                .toList();
    }

    private List<BundleDeploymentRemoved> removed(CommitDetected commit) {
        return deployments.received().stream()
                .map(m -> EventCodec.decode(m.getPayload()))
                .filter(e -> e instanceof BundleDeploymentRemoved r && r.commit().equals(commit.sha()))
                .map(BundleDeploymentRemoved.class::cast)
                .toList();
    }

    private List<PlanningFailed> failures(CommitDetected commit) {
        return rolloutEvents.received().stream()
                .map(m -> (PlanningFailed) EventCodec.decode(m.getPayload()))
                .filter(f -> f.commit().equals(commit.sha()))
                .toList();
    }

    private List<String> ids(CommitDetected commit) {
        var ids = new ArrayList<String>();
        planned(commit).forEach(d -> ids.add(d.id()));
        failures(commit).forEach(f -> ids.add(f.id()));
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static List<String> keysOf(List<? extends Message<String>> messages) {
        return messages.stream()
                .map(m -> (String) m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey())
                .toList();
    }

    private void execute(String sql) throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
