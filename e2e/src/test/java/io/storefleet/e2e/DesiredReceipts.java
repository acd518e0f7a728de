package io.storefleet.e2e;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.storefleet.infra.LocalStack;
import io.storefleet.infra.broker.BrokerSecurity;
import io.storefleet.model.MqttTopics;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Every write to a store's desired topic, as a store would receive it: one MQTT subscriber on
 * {@code storefleet/stores/+/desired/+} (the service listener, the dispatcher's identity). Only live deliveries count;
 * the retained replay on subscribe is not a write. A dispatcher that publishes a deployment another one already
 * delivered shows up as a count of 2 for that (topic, deployment id).
 */
final class DesiredReceipts implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final MqttClient client;
    private final Map<String, Integer> perDeployment = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> storesPerCommit = new ConcurrentHashMap<>();

    private DesiredReceipts(MqttClientOptions options) {
        client = MqttClient.create(vertx, options);
        client.publishHandler(m -> {
            if (m.isRetain() || !FailoverIT.isDesired(m.topicName())) {
                return;
            }
            var payload = m.payload().toString(StandardCharsets.UTF_8);
            perDeployment.merge(FailoverIT.deploymentOf(m.topicName(), payload), 1, Integer::sum);
            var store = MqttTopics.storeId(m.topicName()).orElse("?");
            storesPerCommit.computeIfAbsent(FailoverIT.commitOf(payload), c -> ConcurrentHashMap.newKeySet()).add(store);
        });
    }

    static DesiredReceipts observe(LocalStack stack) throws Exception {
        var options = new MqttClientOptions().setClientId("failover-observer-" + UUID.randomUUID().toString().substring(0, 8))
                .setCleanSession(true).setKeepAliveInterval(30).setMaxMessageSize(268435455)
                .setUsername(BrokerSecurity.DISPATCHER_USER).setPassword(stack.mqttDispatcherPassword())
                .setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
                .setTrustOptions(new PemTrustOptions().addCertPath(stack.mqttCaFile().toString()));
        var receipts = new DesiredReceipts(options);
        receipts.client.connect(stack.mqttServicePort(), "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        var subscribed = new java.util.concurrent.CompletableFuture<Void>();
        receipts.client.subscribeCompletionHandler(ack -> subscribed.complete(null));
        receipts.client.subscribe(MqttTopics.ALL_DESIRED, MqttQoS.AT_LEAST_ONCE.value());
        subscribed.get(10, TimeUnit.SECONDS);
        return receipts;
    }

    /** Stores that received a deployment of this commit (live). */
    int deploymentsOfCommit(String commit) {
        return storesPerCommit.getOrDefault(commit, Set.of()).size();
    }

    /** "topic deploymentId" → times received, for those received more than once. */
    Map<String, Integer> repeated() {
        return perDeployment.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public void close() throws Exception {
        if (client.isConnected()) {
            client.disconnect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
