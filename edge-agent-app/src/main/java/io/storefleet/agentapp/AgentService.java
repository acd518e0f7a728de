package io.storefleet.agentapp;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.storefleet.agent.core.DeploymentVerifier;
import io.storefleet.agent.core.DesiredCache;
import io.storefleet.agent.core.StoreAgent;
import io.storefleet.agent.k8s.KubernetesRuntime;
import io.storefleet.agent.mqtt.MqttSettings;
import io.storefleet.agent.mqtt.MqttStoreConnection;
import io.storefleet.agent.sim.VertxScheduler;
import io.storefleet.model.BundleState;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Wires the agent core for one real store: restore from the disk cache first (the store keeps serving without
 * network), then the MQTT session (retained desired state brings anything newer), heartbeats, metrics.
 */
@ApplicationScoped
public class AgentService {
    private static final Logger LOG = Logger.getLogger(AgentService.class);

    private final AgentConfig config;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private KubernetesClient client;
    private KubernetesRuntime runtime;
    private StoreAgent agent;
    private MqttStoreConnection connection;
    private volatile int restored;

    public AgentService(AgentConfig config, Vertx vertx, MeterRegistry registry) {
        this.config = config;
        this.vertx = vertx;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        client = new KubernetesClientBuilder().withConfig(kubernetesConfig()).build();
        runtime = new KubernetesRuntime(client);
        var sink = new MqttStoreConnection[1];
        agent = new StoreAgent(config.storeId(), runtime, e -> sink[0].publish(e), new VertxScheduler(vertx), verifier(), secretsKey());
        agent.useCache(new DesiredCache(Path.of(config.cacheDir())));
        var mqtt = mqttSettings();
        connection = new MqttStoreConnection(vertx, mqtt, config.storeId(), agent::onDesired, agent::reportStatus);
        sink[0] = connection;
        restored = agent.restoreFromCache();
        LOG.infof("store %s: %d bundles restored from %s, connecting to %s", config.storeId(), restored,
                config.cacheDir(), mqtt);
        connection.connect();
        agent.startHeartbeats(config.heartbeatInterval());
        registerMetrics();
    }

    /** The enrolled credential when there is one (exchanging the one-time token first if needed), else the configured broker. */
    private MqttSettings mqttSettings() {
        var credentialFile = Path.of(config.enrolmentCredentialFile());
        try {
            if (!Files.exists(credentialFile) && config.enrolmentDispatcherUrl().isPresent() && config.enrolmentTokenFile().isPresent()) {
                var tokenFile = Path.of(config.enrolmentTokenFile().get());
                var credential = io.storefleet.agent.enrolment.EnrolmentClient.exchange(java.net.URI.create(config.enrolmentDispatcherUrl().get()),
                        config.storeId(), Files.readString(tokenFile).strip());
                io.storefleet.agent.enrolment.EnrolmentClient.save(credential, credentialFile);
                Files.deleteIfExists(tokenFile); // used up; a leftover copy would only mislead
                LOG.infof("store %s enrolled: credential kept in %s", config.storeId(), credentialFile);
            }
            if (Files.exists(credentialFile)) {
                var credential = io.storefleet.agent.enrolment.EnrolmentClient.load(credentialFile);
                var settings = MqttSettings.of(credential.mqttHost(), credential.mqttPort()).withKeepAliveSeconds(config.keepAliveSeconds())
                        .withCredentials(credential.username(), credential.password());
                return credential.caPem() == null ? settings
                        : settings.withTls(io.storefleet.agent.enrolment.EnrolmentClient.caFile(credentialFile).toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("enrolment of store " + config.storeId() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while enrolling", e);
        }
        return MqttSettings.of(config.mqttHost(), config.mqttPort()).withKeepAliveSeconds(config.keepAliveSeconds())
                .withCredentials(config.mqttUsername().orElse(null), config.mqttPassword().orElse(null))
                .withTls(config.mqttTlsCaFile().orElse(null));
    }

    private java.security.PrivateKey secretsKey() {
        return config.secretsKeyFile().map(file -> {
            try {
                return io.storefleet.model.SealedSecrets.privateKey(Files.readString(Path.of(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }).orElse(null);
    }

    private DeploymentVerifier verifier() {
        if (config.publicKeyFile().isEmpty()) {
            if (!config.allowUnsigned()) {
                throw new IllegalStateException("storefleet.agent.public-key-file is required "
                        + "(or storefleet.agent.allow-unsigned=true for development)");
            }
            LOG.warn("no planner public key configured: deployments are NOT verified");
            return null;
        }
        return DeploymentVerifier.readKeyFile(Path.of(config.publicKeyFile().get())); // the simulator reads the same format
    }

    private Config kubernetesConfig() {
        if (config.kubernetesMasterUrl().isPresent()) {
            return new ConfigBuilder(Config.empty()).withMasterUrl(config.kubernetesMasterUrl().get()).withTrustCerts(true).build();
        }
        if (config.kubeconfig().isPresent()) {
            try {
                return Config.fromKubeconfig(Files.readString(Path.of(config.kubeconfig().get())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read kubeconfig " + config.kubeconfig().get(), e);
            }
        }
        return Config.autoConfigure(null);
    }

    private void registerMetrics() {
        for (var state : BundleState.values()) {
            Gauge.builder("storefleet.agent.bundles", agent, a -> a.bundles().stream().filter(b -> b.state() == state).count())
                    .tag("state", state.name()).description("Bundles of this store per state").register(registry);
        }
        Gauge.builder("storefleet.agent.mqtt.connected", connection, c -> c.isConnected() ? 1 : 0)
                .description("1 while the MQTT session is up").register(registry);
        Gauge.builder("storefleet.agent.applies", agent, StoreAgent::applyCount)
                .description("Deployments handed to the cluster since start").register(registry);
    }

    void stop(@Observes ShutdownEvent event) {
        if (agent != null) {
            agent.stop();
        }
        if (connection != null) {
            try {
                connection.disconnect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warnf("MQTT disconnect: %s", e.getMessage());
            }
        }
        if (runtime != null) {
            runtime.close();
        }
        if (client != null) {
            client.close();
        }
    }

    public boolean mqttConnected() {
        return connection != null && connection.isConnected();
    }

    public int restoredBundles() {
        return restored;
    }

    public List<io.storefleet.model.BundleStatus> bundles() {
        return agent == null ? List.of() : agent.bundles();
    }

    public String kubernetesVersion() {
        return runtime == null ? "unknown" : runtime.version();
    }
}
