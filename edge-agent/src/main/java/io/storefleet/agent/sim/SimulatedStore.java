package io.storefleet.agent.sim;

import io.storefleet.agent.core.DeploymentVerifier;
import io.storefleet.agent.core.StoreAgent;
import io.storefleet.agent.mqtt.MqttSettings;
import io.storefleet.agent.mqtt.MqttStoreConnection;
import io.vertx.core.Vertx;

import java.util.SplittableRandom;

/** One simulated store: its in-memory cluster, its agent and its MQTT session, all on one Vert.x context. */
final class SimulatedStore {
    final String id;
    final InMemoryCluster cluster;
    final StoreAgent agent;
    final MqttStoreConnection connection;

    SimulatedStore(Vertx vertx, String id, MqttSettings mqtt, DelayRange readyDelay, SplittableRandom random,
                   DeploymentVerifier verifier) {
        this(vertx, id, mqtt, readyDelay, random, verifier, null);
    }

    SimulatedStore(Vertx vertx, String id, MqttSettings mqtt, DelayRange readyDelay, SplittableRandom random,
                   DeploymentVerifier verifier, java.security.PrivateKey secretsKey) {
        this.id = id;
        var scheduler = new VertxScheduler(vertx);
        this.cluster = new InMemoryCluster(scheduler, readyDelay, random);
        // the agent publishes through the connection, the connection feeds the agent: tie the knot via a holder
        var sinkHolder = new MqttStoreConnection[1];
        this.agent = new StoreAgent(id, cluster, event -> sinkHolder[0].publish(event), scheduler, verifier, secretsKey);
        this.connection = new MqttStoreConnection(vertx, mqtt, id, agent::onDesired, agent::reportStatus);
        sinkHolder[0] = connection;
    }
}
