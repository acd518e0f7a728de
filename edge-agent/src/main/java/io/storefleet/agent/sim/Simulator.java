package io.storefleet.agent.sim;

import io.storefleet.agent.core.DeploymentVerifier;
import io.storefleet.agent.mqtt.MqttSettings;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * N simulated stores in one JVM: one Vert.x instance, one shard of stores per event loop, each store with its
 * own MQTT session, agent and in-memory cluster. Start with {@link #start}; run from the shell with {@link #main}.
 */
public final class Simulator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Simulator.class.getName());
    // vertx-mqtt logs every connection at INFO: thousands of lines for thousands of stores (strong ref keeps the level)
    private static final java.util.logging.Logger MQTT_IMPL_LOG = quiet("io.vertx.mqtt.impl");

    private final Vertx vertx;
    private final List<String> storeIds;
    private final Map<String, SimulatedStore> stores = new ConcurrentHashMap<>();

    private Simulator(Vertx vertx, List<String> storeIds) {
        this.vertx = vertx;
        this.storeIds = storeIds;
    }

    /** Creates every store and starts connecting them in the background; call from a non-event-loop thread. */
    public static Simulator start(SimulatorConfig config) {
        var vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()).setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2));
        var simulator = new Simulator(vertx, config.storeIds());
        var mqtt = MqttSettings.of(config.host(), config.port()).withKeepAliveSeconds(config.keepAliveSeconds())
                .withTls(config.tlsCaFile());
        var verifier = config.plannerKeys().isEmpty() ? null : new DeploymentVerifier(config.plannerKeys());
        var shards = Math.max(1, Math.min(config.eventLoops(), config.storeIds().size()));
        var deployments = new ArrayList<Future<String>>();
        for (int shard = 0; shard < shards; shard++) {
            var ids = new ArrayList<String>();
            for (int i = shard; i < config.storeIds().size(); i += shards) {
                ids.add(config.storeIds().get(i));
            }
            var random = new SplittableRandom();
            var verticle = new StoreShard(ids, id -> simulator.register(
                    new SimulatedStore(vertx, id,
                    config.passwords().containsKey(id) ? mqtt.withCredentials(id, config.passwords().get(id)) : mqtt, config.readyDelay(), random.split(), verifier,
                    config.secretsKey())),
                    Math.max(1, config.connectConcurrency() / shards), config.heartbeatInterval());
            deployments.add(vertx.deployVerticle(verticle, new DeploymentOptions()));
        }
        try {
            Future.all(deployments).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("simulator did not start: " + e.getMessage(), e);
        }
        return simulator;
    }

    private static java.util.logging.Logger quiet(String name) {
        var logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private SimulatedStore register(SimulatedStore store) {
        stores.put(store.id, store);
        return store;
    }

    public SimCounts counts() {
        var perState = new EnumMap<BundleState, Integer>(BundleState.class);
        int connected = 0;
        int ready = 0;
        for (var store : stores.values()) {
            connected += store.connection.isConnected() ? 1 : 0;
            var bundles = store.agent.bundles();
            bundles.forEach(b -> perState.merge(b.state(), 1, Integer::sum));
            ready += !bundles.isEmpty() && bundles.stream().allMatch(b -> b.state() == BundleState.Ready) ? 1 : 0;
        }
        return new SimCounts(storeIds.size(), connected, ready, perState);
    }

    /** The store's bundles as its agent sees them (state, deployment id, commit, message). */
    public List<BundleStatus> status(String storeId) {
        return store(storeId).agent.bundles();
    }

    /** How many applies reached the store's cluster: stays put when the same deployment arrives again. */
    public int applyCount(String storeId) {
        return store(storeId).cluster.applyCount();
    }

    /**
     * Changes an applied object of the bundle in the store's in-memory cluster behind its agent's back: the store
     * reports {@code Modified} and, with the deployment's correctDrift (default), reverts it right after.
     *
     * @return false when the bundle has nothing applied in that store
     */
    public boolean injectDrift(String storeId, String bundle) {
        return store(storeId).cluster.injectDrift(bundle);
    }

    /**
     * Fault injection: from now on the store's cluster refuses to apply the deployment ids {@code which} accepts, so
     * its agent reports {@code ErrApplied} with {@code reason} (null reason: apply everything again). E.g. "every
     * deployment but the one running now", to fail a release and let its rollback through.
     */
    public void failApplies(String storeId, String reason, java.util.function.Predicate<String> which) {
        store(storeId).cluster.failApplies(reason, which);
    }

    /** Fault injection: deployments {@code which} accepts apply in this store but never become Ready (it reports NotReady). */
    public void neverReady(String storeId, java.util.function.Predicate<String> which) {
        store(storeId).cluster.neverReady(which);
    }

    public boolean isConnected(String storeId) {
        return store(storeId).connection.isConnected();
    }

    /** Takes the store offline cleanly; it publishes {@code online=false} itself and stops reconnecting. */
    public CompletionStage<Void> disconnect(String storeId) {
        return store(storeId).connection.disconnect().toCompletionStage();
    }

    /** Brings the store back; completes after the first attempt (true when it got connected). */
    public CompletionStage<Boolean> reconnect(String storeId) {
        return store(storeId).connection.connect().toCompletionStage();
    }

    private SimulatedStore store(String storeId) {
        var store = stores.get(storeId);
        if (store == null) {
            throw new IllegalArgumentException("no simulated store " + storeId);
        }
        return store;
    }

    /** Disconnects every store cleanly (retained {@code online=false}), then stops Vert.x. */
    @Override
    public void close() {
        var disconnects = stores.values().stream().map(s -> {
            s.agent.stop();
            return s.connection.disconnect();
        }).toList();
        try {
            Future.join(disconnects).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "not every store disconnected cleanly: {0}", e.getMessage());
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "vert.x did not close: {0}", e.getMessage());
        }
    }

    /** {@code --broker host:port --stores N --id-prefix store- --ready-delay-ms MIN-MAX}; runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        var config = SimulatorArgs.parse(args);
        var started = System.nanoTime();
        var simulator = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "simulator-shutdown"));
        System.out.printf("simulating %d stores against %s:%d%n", config.storeIds().size(), config.host(), config.port());
        while (true) {
            Thread.sleep(SimulatorArgs.PROGRESS_EVERY.toMillis());
            var seconds = (System.nanoTime() - started) / 1_000_000_000L;
            System.out.printf("[%4ds] %s%n", seconds, simulator.counts().line());
        }
    }
}
