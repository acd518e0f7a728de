package io.storefleet.agent.sim;

import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What to simulate.
 *
 * @param storeIds           one simulated store (MQTT client id) per entry
 * @param readyDelay         how long applied objects take to become ready
 * @param heartbeatInterval  StoreHeartbeat period per store
 * @param connectConcurrency how many connects may be in flight at once, so 10,000 stores don't stampede the broker
 * @param keepAliveSeconds   MQTT keep-alive per store
 * @param eventLoops         Vert.x event loops shared by all stores
 * @param publicKey          the planner's pinned Ed25519 key every store verifies against; null = verification off
 * @param tlsCaFile          the fleet CA (PEM) to pin for TLS to the broker; null = plain TCP
 * @param passwords          store id → its own broker password (username = store id); a store without one connects anonymously
 * @param secretsKey         the fleet's secrets key every store opens sealed values with; null = none
 */
public record SimulatorConfig(String host, int port, List<String> storeIds, DelayRange readyDelay,
                              Duration heartbeatInterval, int connectConcurrency, int keepAliveSeconds,
                              int eventLoops, PublicKey publicKey, String tlsCaFile, Map<String, String> passwords,
                              java.security.PrivateKey secretsKey) {

    public SimulatorConfig {
        storeIds = List.copyOf(storeIds);
        passwords = Map.copyOf(passwords);
    }

    public SimulatorConfig(String host, int port, List<String> storeIds, DelayRange readyDelay, Duration heartbeatInterval,
                           int connectConcurrency, int keepAliveSeconds, int eventLoops, PublicKey publicKey, String tlsCaFile,
                           Map<String, String> passwords) {
        this(host, port, storeIds, readyDelay, heartbeatInterval, connectConcurrency, keepAliveSeconds, eventLoops, publicKey,
                tlsCaFile, passwords, null);
    }

    /** Every store opens sealed secret values with {@code key}. */
    public SimulatorConfig withSecretsKey(java.security.PrivateKey key) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, heartbeatInterval, connectConcurrency, keepAliveSeconds,
                eventLoops, publicKey, tlsCaFile, passwords, key);
    }

    public SimulatorConfig(String host, int port, List<String> storeIds, DelayRange readyDelay, Duration heartbeatInterval,
                           int connectConcurrency, int keepAliveSeconds, int eventLoops, PublicKey publicKey) {
        this(host, port, storeIds, readyDelay, heartbeatInterval, connectConcurrency, keepAliveSeconds, eventLoops, publicKey,
                null, Map.of());
    }

    /** TLS to the broker pinning {@code caFile}, each store with its own credential from {@code passwords}. */
    public SimulatorConfig withSecurity(String caFile, Map<String, String> storePasswords) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, heartbeatInterval, connectConcurrency, keepAliveSeconds,
                eventLoops, publicKey, caFile, storePasswords, secretsKey);
    }

    public static SimulatorConfig of(String host, int port, List<String> storeIds) {
        return new SimulatorConfig(host, port, storeIds, DelayRange.DEFAULT_READY, Duration.ofSeconds(30), 200, 30,
                Math.min(4, Runtime.getRuntime().availableProcessors()), null);
    }

    /** {@code prefix} + %04d for 1..count, e.g. {@code store-0001}. */
    public static List<String> numberedIds(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + String.format("%04d", i)).toList();
    }

    public SimulatorConfig withReadyDelay(DelayRange delay) {
        return new SimulatorConfig(host, port, storeIds, delay, heartbeatInterval, connectConcurrency, keepAliveSeconds, eventLoops, publicKey, tlsCaFile, passwords, secretsKey);
    }

    public SimulatorConfig withHeartbeatInterval(Duration interval) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, interval, connectConcurrency, keepAliveSeconds, eventLoops, publicKey, tlsCaFile, passwords, secretsKey);
    }

    public SimulatorConfig withConnectConcurrency(int concurrency) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, heartbeatInterval, concurrency, keepAliveSeconds, eventLoops, publicKey, tlsCaFile, passwords, secretsKey);
    }

    public SimulatorConfig withKeepAliveSeconds(int seconds) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, heartbeatInterval, connectConcurrency, seconds, eventLoops, publicKey, tlsCaFile, passwords, secretsKey);
    }

    /** Every store verifies deployments against {@code key} (null: applies unsigned deployments). */
    public SimulatorConfig withPublicKey(PublicKey key) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, heartbeatInterval, connectConcurrency, keepAliveSeconds, eventLoops, key, tlsCaFile, passwords, secretsKey);
    }
}
