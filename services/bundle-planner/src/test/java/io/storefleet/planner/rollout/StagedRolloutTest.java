package io.storefleet.planner.rollout;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleSigning;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.RolloutCompleted;
import io.storefleet.model.RolloutControlled;
import io.storefleet.model.RolloutStarted;
import io.storefleet.model.StoreStatusReported;
import io.storefleet.model.WaveHalted;
import io.storefleet.model.WaveStarted;
import io.storefleet.model.auth.Operator;
import io.storefleet.model.auth.OperatorTokens;
import io.storefleet.model.auth.Role;
import io.storefleet.planner.messaging.CommitConsumer;
import io.storefleet.planner.messaging.StoreStatusConsumer;
import io.storefleet.planner.testing.GitRepoOnDisk;
import io.storefleet.planner.testing.PlannerChannels;
import io.storefleet.planner.testing.PostgresAndDataDir;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The planner's side of a staged rollout with in-memory channels, real Postgres and JGit: the commit's deployments are
 * held, the ticker releases the canary, the store reports (on the in-memory status channel) open the next wave or
 * halt the rollout. The API runs with operator tokens, so control actions name the token's operator.
 */
@QuarkusTest
@TestProfile(StagedRolloutTest.WithTokens.class)
@WithTestResource(PostgresAndDataDir.class)
class StagedRolloutTest {
    static final String OPERATOR = OperatorTokens.newToken();

    public static class WithTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("storefleet.auth.tokens-file", OperatorTokens.tempFile(Map.of(OPERATOR, new Operator("dana", Role.operator))).toString());
        }
    }

    private static final String APP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pos-settings\n";
    private static final String STAGED = """
            namespace: pos
            rolloutStrategy:
              autoPartitionSize: 100%
            storefleet:
              canary: 1
              haltOnFailure: 1
            """;

    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    AgroalDataSource dataSource;

    private PlannerChannels channels;
    private GitRepoOnDisk repo;
    private List<String> stores;

    @BeforeEach
    void setUp() throws SQLException {
        channels = new PlannerChannels(connector);
        repo = new GitRepoOnDisk();
        stores = PlannerChannels.freshStores(dataSource, "ro", 3);
    }

    @AfterEach
    void tearDown() {
        repo.close();
    }

    @Test
    void canaryGoesFirstAndTheNextWaveOnlyAfterItReportsReady() throws Exception {
        var commit = repo.commit("staged pos", Map.of("pos/fleet.yaml", STAGED, "pos/app.yaml", APP));
        deliver(commit);
        var rollout = "pos@" + commit.sha().substring(0, 8);

        var started = await().atMost(Duration.ofSeconds(10)).until(() -> events(RolloutStarted.class), l -> !l.isEmpty()).get(0);
        assertThat(started.rolloutId()).isEqualTo(rollout);
        // sizes only (a fleet-wide rollout must fit a Kafka record); each wave's store ids come with its WaveStarted
        assertThat(started.waves()).extracting(w -> w.name() + "=" + w.count() + w.stores())
                .containsExactly("canary=1[]", "auto-1=2[]");
        var canary = await().atMost(Duration.ofSeconds(10)).until(this::planned, l -> !l.isEmpty());
        assertThat(canary).singleElement().satisfies(d -> {
            assertThat(d.storeId()).isEqualTo(stores.get(0));
            assertThat(d.wave()).isEqualTo("canary");
            assertThat(BundleSigning.verify(d, publicKey())).as("re-signed with its wave").isTrue();
        });
        // nobody else gets it while the canary has not reported Ready
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> planned().size() == 1);
        api().get("/api/rollouts/" + rollout).then().statusCode(200)
                .body("waves[0].status", org.hamcrest.Matchers.is("Running"))
                .body("waves[1].storeLines[0].status", org.hamcrest.Matchers.is("Waiting"));

        // pause and resume are ledger entries naming the token's operator
        api().post("/api/rollouts/" + rollout + "/pause").then().statusCode(200).body("state", org.hamcrest.Matchers.is("Paused"));
        api().post("/api/rollouts/" + rollout + "/resume").then().statusCode(200).body("state", org.hamcrest.Matchers.is("Running"));
        assertThat(events(RolloutControlled.class)).extracting(RolloutControlled::rolloutId, RolloutControlled::action,
                        RolloutControlled::actor, RolloutControlled::commit)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(rollout, RolloutControlled.Action.PAUSE, "dana", commit.sha()),
                        org.assertj.core.groups.Tuple.tuple(rollout, RolloutControlled.Action.RESUME, "dana", commit.sha()));
        assertThat(events(RolloutControlled.class)).extracting(e -> e.meta().id()).doesNotHaveDuplicates();

        report(stores.get(0), canary.get(0), BundleState.Ready);
        var all = await().atMost(Duration.ofSeconds(10)).until(this::planned, l -> l.size() == 3);
        assertThat(all.subList(1, 3)).extracting(BundleDeploymentPlanned::wave).containsOnly("auto-1");
        assertThat(events(WaveStarted.class)).extracting(w -> w.wave() + "=" + w.stores())
                .containsExactly("0=" + stores.subList(0, 1), "1=" + stores.subList(1, 3));

        all.subList(1, 3).forEach(d -> report(d.storeId(), d, BundleState.Ready));
        var done = await().atMost(Duration.ofSeconds(10)).until(() -> events(RolloutCompleted.class), l -> !l.isEmpty());
        assertThat(done).singleElement().satisfies(c -> assertThat(c.outcome()).isEqualTo("Completed"));
    }

    @Test
    void errAppliedInTheCanaryHaltsAndNothingElseIsReleased() throws Exception {
        var commit = repo.commit("staged pos", Map.of("pos/fleet.yaml", STAGED, "pos/app.yaml", APP));
        deliver(commit);
        var canary = await().atMost(Duration.ofSeconds(10)).until(this::planned, l -> !l.isEmpty()).get(0);

        report(canary.storeId(), canary, BundleState.ErrApplied);

        var halted = await().atMost(Duration.ofSeconds(10)).until(() -> events(WaveHalted.class), l -> !l.isEmpty()).get(0);
        assertThat(halted.failures()).singleElement().satisfies(f -> {
            assertThat(f.storeId()).isEqualTo(canary.storeId());
            assertThat(f.state()).isEqualTo(BundleState.ErrApplied);
            assertThat(f.message()).isEqualTo("ImagePullBackOff");
        });
        assertThat(halted.rolledBack()).isEmpty();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> planned().size() == 1);
        api().get("/api/rollouts/pos@" + commit.sha().substring(0, 8)).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.is("Halted"));
        api().post("/api/rollouts/pos@" + commit.sha().substring(0, 8) + "/pause").then().statusCode(409);
        api().post("/api/rollouts/pos@" + commit.sha().substring(0, 8) + "/abort").then().statusCode(200)
                .body("state", org.hamcrest.Matchers.is("Aborted"))
                .body("message", org.hamcrest.Matchers.is("aborted by dana"));
        var rollout = "pos@" + commit.sha().substring(0, 8);
        assertThat(events(RolloutControlled.class)).filteredOn(c -> c.rolloutId().equals(rollout)).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(RolloutControlled.Action.ABORT);
            assertThat(c.actor()).isEqualTo("dana");
        });
        assertThat(events(RolloutCompleted.class)).filteredOn(c -> c.rolloutId().equals(rollout))
                .singleElement().satisfies(c -> assertThat(c.outcome()).isEqualTo("Aborted"));
    }

    @Test
    void anUrgentCommitIgnoresWavesAndIsRecordedAsUrgent() throws Exception {
        var commit = repo.commit("Revert \"pos\"\n\nThis reverts commit 0123.\n\nStorefleet-Rollout: urgent\n",
                Map.of("pos/fleet.yaml", STAGED.replace("haltOnFailure: 1", "haltOnFailure: 1\n  maintenanceWindow: store-hours-closed"),
                        "pos/app.yaml", APP));
        deliver(commit);

        var started = await().atMost(Duration.ofSeconds(10)).until(() -> events(RolloutStarted.class), l -> !l.isEmpty()).get(0);
        assertThat(started.maintenanceWindow()).isEqualTo("urgent");
        assertThat(started.waves()).singleElement().satisfies(w -> assertThat(w.count()).isEqualTo(3));
        var wave = await().atMost(Duration.ofSeconds(10)).until(() -> events(WaveStarted.class).stream()
                .filter(w -> w.rolloutId().equals(started.rolloutId())).toList(), l -> !l.isEmpty()).get(0);
        assertThat(wave.stores()).containsExactlyElementsOf(stores);
        // the stores have no opening hours here, but an urgent rollout would not look at them anyway: all at once
        await().atMost(Duration.ofSeconds(10)).until(() -> planned().size() == 3);
    }

    @Test
    void aNewerCommitOfTheBundleSupersedesTheRunningRollout() throws Exception {
        var first = repo.commit("staged pos", Map.of("pos/fleet.yaml", STAGED, "pos/app.yaml", APP));
        deliver(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> planned().size() == 1);

        var second = repo.commit("pos, all at once", Map.of("pos/fleet.yaml", "namespace: pos\n", "pos/app.yaml", APP + "data:\n  v: '2'\n"));
        deliver(second);

        var superseded = await().atMost(Duration.ofSeconds(10)).until(() -> events(RolloutCompleted.class), l -> !l.isEmpty());
        assertThat(superseded).singleElement().satisfies(c -> {
            assertThat(c.rolloutId()).isEqualTo("pos@" + first.sha().substring(0, 8));
            assertThat(c.outcome()).isEqualTo("Superseded");
            assertThat(c.stores()).isEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> planned().stream().filter(d -> d.commit().equals(second.sha())).count() == 3);
        // the superseded rollout releases nothing more
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                planned().stream().filter(d -> d.commit().equals(first.sha())).count() == 1);
    }

    @Test
    void aStoreAddedMidRolloutWaitsForItsWaveAndOneAddedAfterItsWaveStartedGetsItAtOnce() throws Exception {
        var staged = startStaged();

        // no partition names it: the last wave (auto-1), which has not started — held, not sent with the store change
        var early = addStore("late-1", 100);
        assertThat(sentTo(early, staged.commit())).isEmpty();
        api().get("/api/rollouts/" + staged.rollout()).then().statusCode(200)
                .body("waves[1].stores", org.hamcrest.Matchers.is(3))
                .body("waves[1].storeLines.find { it.storeId == '" + early + "' }.status", org.hamcrest.Matchers.is("Waiting"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(early, staged.commit()).isEmpty());

        report(stores.get(0), staged.canary(), BundleState.Ready);
        var joined = await().atMost(Duration.ofSeconds(10)).until(() -> sentTo(early, staged.commit()), l -> !l.isEmpty());
        assertThat(joined).singleElement().satisfies(d -> {
            assertThat(d.wave()).isEqualTo("auto-1");
            assertThat(BundleSigning.verify(d, publicKey())).as("signed with its wave").isTrue();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> planned().size() == 3);
        assertThat(events(WaveStarted.class)).filteredOn(w -> w.rolloutId().equals(staged.rollout()) && w.wave() == 1).singleElement()
                .satisfies(w -> assertThat(w.stores()).contains(early));

        // auto-1 is running now: a store added to it goes out at the next tick
        var late = addStore("late-2", 200);
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> sentTo(late, staged.commit()), l -> !l.isEmpty()))
                .singleElement().satisfies(d -> assertThat(d.wave()).isEqualTo("auto-1"));

        // the rollout completes only once the joined stores are Ready too
        planned().subList(1, 3).forEach(d -> report(d.storeId(), d, BundleState.Ready));
        report(early, joined.get(0), BundleState.Ready);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> completed(staged.rollout()).isEmpty());
        report(late, sentTo(late, staged.commit()).get(0), BundleState.Ready);
        var done = await().atMost(Duration.ofSeconds(10)).until(() -> completed(staged.rollout()), l -> !l.isEmpty());
        assertThat(done).singleElement().satisfies(c -> assertThat(c.stores()).isEqualTo(5));
        assertThat(sentTo(early, staged.commit())).as("sent once").hasSize(1);
        assertThat(sentTo(late, staged.commit())).as("sent once").hasSize(1);
    }

    @Test
    void aStoreAddedToAPausedRolloutIsHeldEvenWhenItsWaveStarted() throws Exception {
        var staged = startStaged();
        report(stores.get(0), staged.canary(), BundleState.Ready);
        await().atMost(Duration.ofSeconds(10)).until(() -> planned().size() == 3);
        api().post("/api/rollouts/" + staged.rollout() + "/pause").then().statusCode(200);

        var store = addStore("late-p", 300);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(store, staged.commit()).isEmpty());

        api().post("/api/rollouts/" + staged.rollout() + "/resume").then().statusCode(200);
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> sentTo(store, staged.commit()), l -> !l.isEmpty()))
                .singleElement().satisfies(d -> assertThat(d.wave()).isEqualTo("auto-1"));
    }

    private record Staged(CommitDetected commit, String rollout, BundleDeploymentPlanned canary) {
    }

    /** Commits the staged bundle and waits for its canary's deployment. */
    private Staged startStaged() {
        var commit = repo.commit("staged pos", Map.of("pos/fleet.yaml", STAGED, "pos/app.yaml", APP));
        deliver(commit);
        var canary = await().atMost(Duration.ofSeconds(10)).until(this::planned, l -> l.size() == 1).get(0);
        return new Staged(commit, "pos@" + commit.sha().substring(0, 8), canary);
    }

    /** Adds an enrolled store to the inventory (row and change event) and waits until the planner acked the change. */
    private String addStore(String name, long lsn) throws SQLException {
        var id = stores.get(0).substring(0, stores.get(0).length() - 3) + name;
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute("INSERT INTO stores (id, name, region) VALUES ('" + id + "', 'Store " + id + "', 'west')");
        }
        var change = channels.deliverChange(id, "c", lsn, "{}", true);
        await().atMost(Duration.ofSeconds(10)).until(change::acked);
        return id;
    }

    private List<RolloutCompleted> completed(String rollout) {
        return events(RolloutCompleted.class).stream().filter(c -> c.rolloutId().equals(rollout)).toList();
    }

    private List<BundleDeploymentPlanned> sentTo(String store, CommitDetected commit) {
        return PlannerChannels.decoded(channels.deployments, BundleDeploymentPlanned.class).stream()
                .filter(d -> d.storeId().equals(store) && d.commit().equals(commit.sha())).toList();
    }

    private static RequestSpecification api() {
        return given().header(OperatorTokens.HEADER, "Bearer " + OPERATOR);
    }

    private void deliver(CommitDetected commit) {
        var delivery = channels.deliver(commit);
        await().atMost(Duration.ofSeconds(10)).until(delivery::acked);
    }

    private void report(String store, BundleDeploymentPlanned d, BundleState state) {
        var status = new StoreStatusReported(new EventMeta(UUID.randomUUID().toString(), Instant.now(), "store-dispatcher", store, 1),
                store, List.of(new BundleStatus(d.bundle(), state, d.deploymentId(), d.commit(),
                state == BundleState.ErrApplied ? "ImagePullBackOff" : "")));
        connector.<String>source(StoreStatusConsumer.STATUS_IN).send(EventCodec.encode(status));
    }

    private List<BundleDeploymentPlanned> planned() {
        return PlannerChannels.decoded(channels.deployments, BundleDeploymentPlanned.class).stream()
                .filter(d -> stores.contains(d.storeId())).toList();
    }

    private <T extends FleetEvent> List<T> events(Class<T> type) {
        return PlannerChannels.decoded(channels.rolloutEvents, type).stream().filter(e -> e.meta().subject().startsWith("pos@")).toList();
    }

    private static java.security.PublicKey publicKey() throws Exception {
        return BundleSigning.publicKey(Files.readString(Path.of("src/test/resources/keys/test-signing.pub")).strip());
    }
}
