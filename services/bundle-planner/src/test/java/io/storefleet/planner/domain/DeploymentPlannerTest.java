package io.storefleet.planner.domain;

import io.storefleet.model.BundleSigning;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.EventMeta;
import io.storefleet.model.FailureReason;
import io.storefleet.model.ManifestCodec;
import io.storefleet.model.Person;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DeploymentPlannerTest {
    private static final KeyPair KEYS = BundleSigning.generateKeyPair();
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final CommitDetected COMMIT = new CommitDetected(EventMeta.of("git-watcher", "shop-config"), "shop-config",
            "/tmp/repo", "main", SHA, null, new Person("a", "a@x"), new Person("a", "a@x"), "msg", Instant.EPOCH, List.of(), "unsigned");

    private final Bundle web = new Bundle("web", "web", null, List.of("web/a.yaml"));
    private final Bundle db = new Bundle("db", "db", "db/fleet.yaml", List.of("db/a.yaml"));
    private final RenderResult webRendered = new RenderResult.Rendered(web, "---\nkind: A\n", "hash-web", "id-web",
            DeploymentOptions.DEFAULTS, 1);
    private final RenderResult dbFailed = new RenderResult.Failed(db, FailureReason.YamlInvalid, "db/a.yaml", 3, "bad");

    @Test
    void plansOneDeploymentPerStoreAndBundleKeyedByStore() {
        var plan = DeploymentPlanner.plan(COMMIT, List.of("s1", "s2", "s3"), List.of(webRendered, dbFailed), PlannedState.NONE, KEYS.getPrivate(), Instant.now());

        assertThat(plan.deployments()).extracting(d -> d.key(), d -> d.bundle(), d -> d.deploymentId(), d -> d.commit())
                .containsExactly(tuple("s1", "web", "id-web", SHA), tuple("s2", "web", "id-web", SHA), tuple("s3", "web", "id-web", SHA));
        assertThat(plan.deployments()).allSatisfy(d -> {
            assertThat(d.meta().source()).isEqualTo("bundle-planner");
            assertThat(d.meta().subject()).isEqualTo(d.storeId());
            assertThat(d.wave()).isNull();
            assertThat(BundleSigning.verify(d, KEYS.getPublic())).as("signed").isTrue();
            assertThat(ManifestCodec.unpack(d.manifestsGz())).isEqualTo("---\nkind: A\n");
            assertThat(d.meta().id()).isEqualTo(UUID.nameUUIDFromBytes(
                    (SHA + "|" + d.storeId() + "|web|id-web").getBytes()).toString());
        });
        assertThat(plan.bundles()).isEqualTo(2);
        assertThat(plan.stores()).isEqualTo(3);
    }

    @Test
    void brokenBundleBecomesPlanningFailedKeyedByRepo() {
        var plan = DeploymentPlanner.plan(COMMIT, List.of("s1"), List.of(dbFailed), PlannedState.NONE, KEYS.getPrivate(), Instant.now());

        assertThat(plan.deployments()).isEmpty();
        assertThat(plan.failures()).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("shop-config");
            assertThat(f.bundle()).isEqualTo("db");
            assertThat(f.file()).isEqualTo("db/a.yaml");
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.id()).isEqualTo(EventIds.planningFailed(SHA, "db", FailureReason.YamlInvalid));
        });
    }

    @Test
    void aStoreWhoseOwnInputsFailKeepsItsDeploymentWhileTheOthersRollOut() {
        var newWeb = new RenderResult.Rendered(web, "---\nkind: B\n", "hash-web2", "id-web2", DeploymentOptions.DEFAULTS, 1);
        var storeFailed = new RenderResult.Failed(web, FailureReason.TemplateFailed, "web/fleet.yaml", 4, "store s2 has no attribute 'labels.x'");
        var targeted = new RenderResult.Targeted(web, java.util.Map.of("s1", (RenderResult.Rendered) newWeb), 1, List.of(),
                java.util.Map.of("s2", storeFailed));
        var previous = java.util.Map.of(new PlannedState.Key("s1", "web"), "id-web", new PlannedState.Key("s2", "web"), "id-web");

        var plan = DeploymentPlanner.plan(COMMIT, List.of("s1", "s2"), List.of(targeted), previous, KEYS.getPrivate(), Instant.now());

        assertThat(plan.deployments()).extracting(d -> d.storeId(), d -> d.deploymentId()).containsExactly(tuple("s1", "id-web2"));
        assertThat(plan.removals()).as("a failed store is not untargeted").isEmpty();
        assertThat(plan.state()).containsEntry(new PlannedState.Key("s2", "web"), "id-web");
        assertThat(plan.failures()).singleElement().satisfies(f -> {
            assertThat(f.storeId()).isEqualTo("s2");
            assertThat(f.bundle()).isEqualTo("web");
            assertThat(f.reason()).isEqualTo(FailureReason.TemplateFailed);
            assertThat(f.line()).isEqualTo(4);
            assertThat(f.id()).isEqualTo(EventIds.planningFailed(SHA, "web", "s2", FailureReason.TemplateFailed));
        });
    }

    @Test
    void dependsOnANameNotInTheCommitIsAWarning() {
        var waiting = new RenderResult.Rendered(db, "---\nkind: A\n", "h", "id-db",
                new DeploymentOptions("default", null, true, List.of("web", "dbb")), 1);
        var targeted = new RenderResult.Targeted(db, java.util.Map.of("s1", waiting), 1, List.of());

        var plan = DeploymentPlanner.plan(COMMIT, List.of("s1"), List.of(webRendered, targeted), PlannedState.NONE,
                KEYS.getPrivate(), Instant.now());

        assertThat(plan.warnings()).containsOnlyKeys("db");
        assertThat(plan.warnings().get("db")).singleElement().asString().contains("dependsOn names bundle dbb");
    }

    @Test
    void replanningTheSameCommitGivesTheSameIds() {
        var first = DeploymentPlanner.plan(COMMIT, List.of("s1", "s2"), List.of(webRendered, dbFailed), PlannedState.NONE, KEYS.getPrivate(), Instant.EPOCH);
        var again = DeploymentPlanner.plan(COMMIT, List.of("s1", "s2"), List.of(webRendered, dbFailed), PlannedState.NONE, KEYS.getPrivate(), Instant.now());

        assertThat(again.deployments()).extracting(d -> d.id()).isEqualTo(first.deployments().stream().map(d -> d.id()).toList());
        assertThat(again.failures()).extracting(f -> f.id()).isEqualTo(first.failures().stream().map(f -> f.id()).toList());
    }

    @Test
    void newContentGetsNewIds() {
        var changed = new RenderResult.Rendered(web, "---\nkind: B\n", "hash-web2", "id-web2", DeploymentOptions.DEFAULTS, 1);

        var first = DeploymentPlanner.plan(COMMIT, List.of("s1"), List.of(webRendered), PlannedState.NONE, KEYS.getPrivate(), Instant.now());
        var second = DeploymentPlanner.plan(COMMIT, List.of("s1"), List.of(changed), PlannedState.NONE, KEYS.getPrivate(), Instant.now());

        assertThat(second.deployments().get(0).id()).isNotEqualTo(first.deployments().get(0).id());
    }
}
