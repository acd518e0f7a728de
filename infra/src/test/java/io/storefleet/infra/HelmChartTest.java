package io.storefleet.infra;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static List<HasMetadata> parse(String yaml) {
        return Arrays.stream(yaml.split("(?m)^---\\s*$")).map(String::strip)
                .filter(doc -> doc.lines().anyMatch(l -> l.startsWith("kind:")))
                .map(doc -> (HasMetadata) SERIALIZATION.unmarshal(doc)).toList();
    }
}
