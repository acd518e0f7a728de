package io.storefleet.agent.core;

import io.storefleet.agent.sim.InMemoryCluster;
import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleSigning;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.ContentHash;
import io.storefleet.model.ManifestCodec;
import io.storefleet.model.MqttTopics;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.storefleet.agent.core.Fixtures.CONFIG_MAP;
import static io.storefleet.agent.core.Fixtures.DEPLOYMENT;
import static io.storefleet.agent.core.Fixtures.bytes;
import static io.storefleet.agent.core.Fixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

class SignedDeploymentTest {
    private static final Duration READY_AFTER = Duration.ofMillis(10);
    private static final java.security.KeyPair PLANNER = BundleSigning.generateKeyPair();

    private final AgentHarness harness = new AgentHarness(READY_AFTER);
    private final String store = harness.store;
    private final ManualScheduler scheduler = harness.scheduler;
    private final InMemoryCluster cluster = harness.cluster;
    private final StoreAgent agent = harness.agent(new DeploymentVerifier(PLANNER.getPublic()));

    @Test
    void signedDeploymentIsApplied() {
        agent.onDesired(topic("pos"), bytes(signed(PLANNER.getPrivate(), store, "pos", "d1", CONFIG_MAP)));
        scheduler.advance(READY_AFTER);

        assertThat(status("pos").state()).isEqualTo(BundleState.Ready);
        assertThat(cluster.objects("pos")).hasSize(1);
    }

    @Test
    void unsignedDeploymentIsRefusedAndNothingApplied() {
        agent.onDesired(topic("pos"), bytes(Fixtures.planned(store, "pos", "d1", CONFIG_MAP)));

        assertThat(status("pos").state()).isEqualTo(BundleState.ErrApplied);
        assertThat(status("pos").message()).startsWith("SignatureInvalid: ");
        assertThat(cluster.applyCount()).isZero();
    }

    @Test
    void tamperedManifestsAreRefusedAndTheAppliedDeploymentStays() {
        agent.onDesired(topic("pos"), bytes(signed(PLANNER.getPrivate(), store, "pos", "d1", CONFIG_MAP)));
        var good = signed(PLANNER.getPrivate(), store, "pos", "d2", CONFIG_MAP, DEPLOYMENT);
        var evil = ManifestCodec.pack(DEPLOYMENT.replace("registry.local/pos:1.0", "evil.example/miner:1"));
        var tampered = new BundleDeploymentPlanned(good.meta(), good.deploymentId(), good.storeId(), good.bundle(),
                good.repo(), good.commit(), good.contentHash(), evil, good.options(), good.wave(), good.signature());

        agent.onDesired(topic("pos"), bytes(tampered));

        assertThat(status("pos")).extracting(BundleStatus::state, BundleStatus::deploymentId)
                .containsExactly(BundleState.ErrApplied, "d1");
        assertThat(status("pos").message()).startsWith("SignatureInvalid: ");
        assertThat(cluster.applyCount()).isEqualTo(1);
        assertThat(cluster.objects("pos")).hasSize(1);
    }

    @Test
    void forgeryAfterAFailedDeploymentNamesTheRunningDeploymentWithItsOwnCommit() {
        agent.onDesired(topic("pos"), bytes(signed(PLANNER.getPrivate(), store, "pos", "d1", CONFIG_MAP)));
        scheduler.advance(READY_AFTER);
        agent.onDesired(topic("pos"), bytes(signed(PLANNER.getPrivate(), store, "pos", "d2", "no-kind: here\n")));
        assertThat(status("pos")).extracting(BundleStatus::state, BundleStatus::deploymentId, BundleStatus::commit)
                .containsExactly(BundleState.ErrApplied, "d2", "c0ffeed2");

        agent.onDesired(topic("pos"), bytes(signed(BundleSigning.generateKeyPair().getPrivate(), store, "pos", "d3", CONFIG_MAP)));

        assertThat(status("pos")).extracting(BundleStatus::state, BundleStatus::deploymentId, BundleStatus::commit)
                .containsExactly(BundleState.ErrApplied, "d1", "c0ffeed1");
        assertThat(status("pos").message()).startsWith("SignatureInvalid: ");
    }

    @Test
    void deploymentSignedWithAForeignKeyIsRefused() {
        var foreign = BundleSigning.generateKeyPair();

        agent.onDesired(topic("pos"), bytes(signed(foreign.getPrivate(), store, "pos", "d1", CONFIG_MAP)));

        assertThat(status("pos").message()).startsWith("SignatureInvalid: ");
        assertThat(cluster.applyCount()).isZero();
    }

    @Test
    void signedContentHashThatDoesNotMatchTheManifestsIsRefused() {
        var honest = signed(PLANNER.getPrivate(), store, "pos", "d1", CONFIG_MAP);
        var wrongHash = BundleSigning.sign(new BundleDeploymentPlanned(honest.meta(), "d1", store, "pos", honest.repo(),
                honest.commit(), ContentHash.sha256("something else"), honest.manifestsGz(), honest.options(), null, null),
                PLANNER.getPrivate());

        agent.onDesired(topic("pos"), bytes(wrongHash));

        assertThat(status("pos").message()).startsWith("ContentHashMismatch: ");
        assertThat(cluster.applyCount()).isZero();
    }

    @Test
    void refusedBundleDoesNotDisturbTheOtherBundles() {
        agent.onDesired(topic("web"), bytes(signed(PLANNER.getPrivate(), store, "web", "w1", CONFIG_MAP)));
        scheduler.advance(READY_AFTER);

        agent.onDesired(topic("pos"), bytes(Fixtures.planned(store, "pos", "d1", CONFIG_MAP)));
        agent.onDesired(topic("web"), "garbage{".getBytes());
        agent.onDesired(topic("web"), bytes(signed(PLANNER.getPrivate(), store, "web", "w1", CONFIG_MAP)));

        assertThat(status("pos").state()).isEqualTo(BundleState.ErrApplied);
        assertThat(status("web").state()).isEqualTo(BundleState.Ready);
        assertThat(cluster.objects("web")).hasSize(1);
    }

    @Test
    void verifierAgreesWithTheJdkImplementation() {
        var signed = signed(PLANNER.getPrivate(), store, "pos", "d1", CONFIG_MAP);
        var verifier = new DeploymentVerifier(PLANNER.getPublic());
        var garbled = new BundleDeploymentPlanned(signed.meta(), "d1", store, "pos", signed.repo(), signed.commit(),
                signed.contentHash(), signed.manifestsGz(), signed.options(), null, "not base64!");

        assertThat(BundleSigning.verify(signed, PLANNER.getPublic())).isTrue();
        assertThat(verifier.check(signed)).isEmpty();
        assertThat(verifier.check(garbled)).map(DeploymentVerifier.Refusal::reason).contains(AgentFailure.SignatureInvalid);
    }

    private String topic(String bundle) {
        return MqttTopics.desired(store, bundle);
    }

    private BundleStatus status(String bundle) {
        return harness.status(bundle);
    }
}
