package io.storefleet.agent.core;

import io.storefleet.agent.sim.DelayRange;
import io.storefleet.agent.sim.InMemoryCluster;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.EventCodec;
import io.storefleet.model.MqttTopics;
import io.storefleet.model.SealedSecrets;
import io.storefleet.model.StoreEvent;
import io.storefleet.model.StoreStatusReported;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.storefleet.agent.core.Fixtures.bytes;
import static io.storefleet.agent.core.Fixtures.planned;
import static org.assertj.core.api.Assertions.assertThat;

/** A Secret whose value is sealed in Git: the agent opens it for the cluster only; no status it sends carries it. */
class SealedSecretValuesTest {
    private static final java.security.KeyPair FLEET = SealedSecrets.generateKeyPair();
    private final String plaintext = "pw-" + UUID.randomUUID();
    private final String store = Fixtures.randomStoreId();
    private final String topic = MqttTopics.desired(store, "pos");
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<StoreEvent> sent = new CopyOnWriteArrayList<>();
    private final InMemoryCluster cluster = new InMemoryCluster(scheduler, new DelayRange(Duration.ofMillis(10), Duration.ofMillis(10)), new Random(1));

    private String secretManifest() {
        return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: pos-db\n  namespace: pos\nstringData:\n  password: "
                + SealedSecrets.seal(FLEET.getPublic(), plaintext) + "\n";
    }

    @Test
    void agentWithTheFleetKeyAppliesThePlaintextAndReportsNoneOfIt() {
        var agent = new StoreAgent(store, cluster, sent::add, scheduler, null, FLEET.getPrivate());
        var event = planned(store, "pos", "d1", secretManifest());
        assertThat(new String(bytes(event))).doesNotContain(plaintext); // what MQTT (and Kafka) carry
        agent.onDesired(topic, bytes(event));
        scheduler.advance(Duration.ofMillis(10));

        var applied = cluster.objects("pos").values().iterator().next();
        assertThat(applied.get("stringData")).isEqualTo(Map.of("password", plaintext));
        assertThat(lastStatus().state()).isEqualTo(BundleState.Ready);

        // drift on the Secret: the report names the field, never the value
        var live = new java.util.LinkedHashMap<>(applied);
        live.put("stringData", Map.of("password", "tampered"));
        assertThat(io.storefleet.agent.k8s.domain.DriftDiff.diff(applied, live, java.util.Set.of(), true))
                .containsExactly("/stringData/password: changed");
        assertThat(sent).allSatisfy(e -> assertThat(EventCodec.encode(e)).doesNotContain(plaintext));
    }

    @Test
    void agentWithoutTheKeyRefusesAndAppliesNothing() {
        var agent = new StoreAgent(store, cluster, sent::add, scheduler, null, null);
        agent.onDesired(topic, bytes(planned(store, "pos", "d1", secretManifest())));

        assertThat(lastStatus().state()).isEqualTo(BundleState.ErrApplied);
        assertThat(lastStatus().message()).startsWith("SecretUnreadable: ");
        assertThat(cluster.applyCount()).isZero();
    }

    @Test
    void anotherFleetsKeyCannotOpenIt() {
        var agent = new StoreAgent(store, cluster, sent::add, scheduler, null, SealedSecrets.generateKeyPair().getPrivate());
        agent.onDesired(topic, bytes(planned(store, "pos", "d1", secretManifest())));

        assertThat(lastStatus().message()).startsWith("SecretUnreadable: ").doesNotContain(plaintext);
        assertThat(cluster.applyCount()).isZero();
    }

    private BundleStatus lastStatus() {
        var reports = sent.stream().filter(e -> e instanceof StoreStatusReported).map(e -> (StoreStatusReported) e).toList();
        return reports.get(reports.size() - 1).bundles().get(0);
    }
}
