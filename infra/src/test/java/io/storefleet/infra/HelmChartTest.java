package io.storefleet.infra;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The control-plane chart lints, renders with each shipped values file, and every object parses as Kubernetes. */
class HelmChartTest {
    static final Path CHART = Path.of("helm/storefleet");
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @ParameterizedTest(name = "values: {0}")
    @CsvSource({
            // values file,            --set kafka.partitions, topic partitions, dispatcher HPA max
            "values.yaml,              0,  48, 12",
            "values-large-fleet.yaml,  0,  96, 24",
            "values.yaml,              8,   8,  8", // more instances than partitions would idle: capped
    })
    void chartRendersValidObjectsWithProbesSecretsAndAutoscalingBoundedByPartitions(String valuesFile, int setPartitions,
                                                                                   int partitions, int dispatcherMax) {
        var lint = new Helm(CHART).lint().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();

        var template = new Helm(CHART).template().withName("storefleet").withNamespace("storefleet")
                .withValuesFile(CHART.resolve(valuesFile));
        if (setPartitions > 0) {
            template.set("kafka.partitions", setPartitions);
        }
        var yaml = template.call();
        var objects = parse(yaml);

        var deployments = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("git-watcher", "bundle-planner", "store-dispatcher", "audit-log", "inventory-cdc");
        for (var d : deployments) {
            var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            // secrets are referenced, never inlined
            assertThat(container.getEnv()).filteredOn(e -> e.getName().endsWith("PASSWORD"))
                    .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef()).isNotNull());
        }
        assertThat(objects).noneMatch(o -> o.getKind().equals("Secret"));

        var dispatcherHpa = objects.stream().filter(HorizontalPodAutoscaler.class::isInstance)
                .map(HorizontalPodAutoscaler.class::cast)
                .filter(h -> h.getMetadata().getName().equals("store-dispatcher")).findFirst().orElseThrow();
        assertThat(dispatcherHpa.getSpec().getMaxReplicas()).isEqualTo(dispatcherMax);
        assertThat(objects).filteredOn(o -> o.getKind().equals("PodDisruptionBudget")).isNotEmpty();

        var topics = objects.stream().filter(o -> o.getKind().equals("KafkaTopic")).map(GenericKubernetesResource.class::cast).toList();
        assertThat(topics).hasSize(12); // six topics and their .dlq twins
        assertThat(topics).allSatisfy(t -> assertThat(((Number) ((java.util.Map<?, ?>) t.getAdditionalProperties()
                .get("spec")).get("partitions")).intValue()).isEqualTo(partitions));
    }

    /**
     * What each service is given as a secret file (docs/CONTRACTS.md, as LocalStack passes it): env var → Secret/key.
     * Exactly these, per service: a service gets no secret it does not read.
     */
    static final Map<String, Map<String, String>> SECRET_FILES = Map.of(
            "audit-log", Map.of("STOREFLEET_AUTH_TOKENS_FILE", "storefleet-operator-tokens/operator-tokens"),
            "bundle-planner", Map.of(
                    "STOREFLEET_AUTH_TOKENS_FILE", "storefleet-operator-tokens/operator-tokens",
                    "STOREFLEET_PLANNER_SIGNING_KEY_FILE", "storefleet-signing-key/signing.key",
                    "STOREFLEET_PLANNER_SIGNING_PUBLIC_KEY_FILE", "storefleet-signing-key/signing.pub"),
            "store-dispatcher", Map.of(
                    "STOREFLEET_AUTH_TOKENS_FILE", "storefleet-operator-tokens/operator-tokens",
                    "STOREFLEET_MQTT_PASSWORD_FILE", "storefleet-mqtt-dispatcher/password",
                    "STOREFLEET_MQTT_TLS_CA_FILE", "storefleet-mqtt-ca/ca.pem"),
            "git-watcher", Map.of("STOREFLEET_GIT_WATCHER_WEBHOOK_SECRET_FILE", "storefleet-git-webhook/webhook.secret"),
            "inventory-cdc", Map.of());

    @ParameterizedTest(name = "values: {0}")
    @CsvSource({"values.yaml", "values-large-fleet.yaml"})
    void everyServiceGetsItsSecretFilesMountedReadOnlyAndEverySecretIsDocumented(String valuesFile) throws IOException {
        var objects = parse(new Helm(CHART).template().withName("storefleet").withNamespace("storefleet")
                .withValuesFile(CHART.resolve(valuesFile)).call());

        for (var d : deployments(objects)) {
            var name = d.getMetadata().getName();
            assertThat(secretFiles(d)).as(name).isEqualTo(new TreeMap<>(SECRET_FILES.get(name)));
            var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            // a password only ever comes from a Secret, and the broker's as a file (never on the command line or in env)
            assertThat(container.getEnv()).filteredOn(e -> e.getName().contains("PASSWORD") && !e.getName().endsWith("_FILE"))
                    .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef()).as(e.getName()).isNotNull())
                    .noneMatch(e -> e.getName().startsWith("STOREFLEET_MQTT"));
        }
        var dispatcherEnv = envNames(deployment(objects, "store-dispatcher"));
        assertThat(dispatcherEnv).contains("STOREFLEET_MQTT_USERNAME").doesNotContain("STOREFLEET_MQTT_PASSWORD");
        assertThat(envNames(deployment(objects, "inventory-cdc"))).contains("STOREFLEET_INVENTORY_CDC_DATABASE_PASSWORD");
        assertDocumented(referencedSecrets(objects));
    }

    @Test
    void perRepoWebhookSecretAndTrustedSignersAreMountedInGitWatcherAtThePathsItsConfigNames(@TempDir Path dir) throws IOException {
        // the secret names of the commented example in values.yaml, so the test also checks that they are documented
        var values = Files.writeString(dir.resolve("repos.yaml"), """
                gitRepos:
                  - id: fleet
                    url: https://git.retail.example/platform/fleet.git
                    webhookSecret: {secret: storefleet-git-webhook-fleet, key: webhook.secret}
                    trustedSigners: {secret: storefleet-fleet-signers, key: trusted-signers.asc}
                  - id: pos
                    url: https://git.retail.example/platform/pos.git
                    trustedSigners: {secret: storefleet-fleet-signers, key: trusted-signers.asc}
                    allowedSshSigners: {secret: storefleet-fleet-signers, key: allowed_signers}
                """);
        var objects = parse(new Helm(CHART).template().withName("storefleet").withValuesFile(values).call());

        var gitWatcher = deployment(objects, "git-watcher");
        var properties = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).findFirst()
                .orElseThrow().getData().get("application.properties");
        var mounted = mountedFiles(gitWatcher);
        for (var entry : Map.of(
                "storefleet.git-watcher.repos.fleet.webhook-secret-file", "storefleet-git-webhook-fleet/webhook.secret",
                "storefleet.git-watcher.repos.fleet.trusted-signers-file", "storefleet-fleet-signers/trusted-signers.asc",
                "storefleet.git-watcher.repos.pos.trusted-signers-file", "storefleet-fleet-signers/trusted-signers.asc",
                "storefleet.git-watcher.repos.pos.allowed-ssh-signers-file", "storefleet-fleet-signers/allowed_signers").entrySet()) {
            var path = property(properties, entry.getKey());
            assertThat(path).as(entry.getKey()).isNotNull();
            assertThat(mounted.get(path)).as(entry.getKey() + "=" + path).isEqualTo(entry.getValue());
        }
        assertThat(properties).doesNotContain("repos.pos.webhook-secret-file"); // pos falls back to the default secret
        assertThat(properties).doesNotContain("repos.fleet.allowed-ssh-signers-file");
        assertThat(secretFiles(gitWatcher)).containsEntry("STOREFLEET_GIT_WATCHER_WEBHOOK_SECRET_FILE", "storefleet-git-webhook/webhook.secret");
        // the other services see none of it
        assertThat(mountedFiles(deployment(objects, "bundle-planner")).values()).noneMatch(v -> v.contains("signers") || v.contains("webhook"));
        assertDocumented(referencedSecrets(objects));
    }

    @Test
    void withoutBrokerTlsTheDispatcherGetsNoCaAndARequiredSecretLeftOutFailsTheRender() {
        var plain = parse(new Helm(CHART).template().withName("storefleet").set("mqtt.tls.enabled", false).call());
        assertThat(secretFiles(deployment(plain, "store-dispatcher"))).containsOnlyKeys(
                "STOREFLEET_AUTH_TOKENS_FILE", "STOREFLEET_MQTT_PASSWORD_FILE");

        // an empty tokens secret would leave /api/** open: refuse to render rather than install that
        assertThatThrownBy(() -> new Helm(CHART).template().withName("storefleet").set("auth.tokensSecret", "").call())
                .hasMessageContaining("auth.tokensSecret is required");
        assertThatThrownBy(() -> new Helm(CHART).template().withName("storefleet").set("webhook.secret", "").call())
                .hasMessageContaining("webhook.secret is required");
    }

    private static List<Deployment> deployments(List<HasMetadata> objects) {
        return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
    }

    private static Deployment deployment(List<HasMetadata> objects, String name) {
        return deployments(objects).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> envNames(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream().map(EnvVar::getName).toList();
    }

    /** mounted file path → "secret/key", for every Secret volume item; checks each mount is read-only and not world-readable. */
    private static Map<String, String> mountedFiles(Deployment d) {
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        var files = new TreeMap<String, String>();
        for (var volume : pod.getVolumes()) {
            if (volume.getSecret() == null) {
                continue;
            }
            var mount = container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(d.getMetadata().getName() + ": volume " + volume.getName() + " is not mounted"));
            assertThat(mount.getReadOnly()).as(volume.getName()).isTrue();
            assertThat(volume.getSecret().getDefaultMode() & 0007).as(volume.getName() + " mode").isZero();
            assertThat(volume.getSecret().getItems()).as(volume.getName()).isNotEmpty();
            for (var item : volume.getSecret().getItems()) {
                files.put(mount.getMountPath() + "/" + item.getPath(), volume.getSecret().getSecretName() + "/" + item.getKey());
            }
        }
        return files;
    }

    /** env var → "secret/key" of the mounted file its value names; a *_FILE env var that names no mounted file fails. */
    private static Map<String, String> secretFiles(Deployment d) {
        var mounted = mountedFiles(d);
        var result = new TreeMap<String, String>();
        for (var env : d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            if (env.getName().endsWith("_FILE")) {
                assertThat(mounted).as(d.getMetadata().getName() + " " + env.getName()).containsKey(env.getValue());
                result.put(env.getName(), mounted.get(env.getValue()));
            }
        }
        return result;
    }

    /** "secret/key" of every Secret the objects reference: volumes, secretKeyRef env vars, imagePullSecrets. */
    private static Set<String> referencedSecrets(List<HasMetadata> objects) {
        var refs = new TreeSet<String>();
        for (var d : deployments(objects)) {
            var pod = d.getSpec().getTemplate().getSpec();
            refs.addAll(mountedFiles(d).values());
            pod.getContainers().get(0).getEnv().stream().filter(e -> e.getValueFrom() != null)
                    .map(e -> e.getValueFrom().getSecretKeyRef()).filter(Objects::nonNull)
                    .forEach(r -> refs.add(r.getName() + "/" + r.getKey()));
            Stream.ofNullable(pod.getImagePullSecrets()).flatMap(List::stream).forEach(s -> refs.add(s.getName() + "/"));
        }
        assertThat(refs).isNotEmpty();
        return refs;
    }

    /** values.yaml names each referenced Secret and each key taken from it (operators create them from it). */
    private static void assertDocumented(Set<String> refs) throws IOException {
        var values = Files.readString(CHART.resolve("values.yaml"));
        var undocumented = refs.stream().filter(ref -> {
            var secret = ref.substring(0, ref.indexOf('/'));
            var key = ref.substring(ref.indexOf('/') + 1);
            return !values.contains(secret) || !key.isEmpty() && !values.contains(key);
        }).collect(Collectors.toList());
        assertThat(undocumented).as("Secrets/keys referenced but not in values.yaml").isEmpty();
    }

    private static String property(String properties, String key) {
        return properties.lines().map(String::strip).filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1)).findFirst().orElse(null);
    }

    private static List<HasMetadata> parse(String yaml) {
        return Arrays.stream(yaml.split("(?m)^---\\s*$")).map(String::strip)
                .filter(doc -> doc.lines().anyMatch(l -> l.startsWith("kind:")))
                .map(doc -> (HasMetadata) SERIALIZATION.unmarshal(doc)).toList();
    }
}
