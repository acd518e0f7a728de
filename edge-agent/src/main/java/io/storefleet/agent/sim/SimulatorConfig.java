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
 * @param plannerKeys        the planner's Ed25519 keys every store verifies against (any one of them; two while the
 *                           signing key is rotated, docs/OPERATIONS.md); empty = verification off
 * @param tlsCaFile          the fleet CA (PEM) to pin for TLS to the broker; null = plain TCP
 * @param passwords          store id → its own broker password (username = store id); a store without one connects anonymously
 * @param secretsKey         the fleet's secrets key every store opens sealed values with; null = none
 */
public record SimulatorConfig(String host, int port, List<String> storeIds, DelayRange readyDelay,
                              Duration heartbeatInterval, int connectConcurrency, int keepAliveSeconds,
                              int eventLoops, List<PublicKey> plannerKeys, String tlsCaFile, Map<String, String> passwords,
                              java.security.PrivateKey secretsKey) {

    public SimulatorConfig {
        storeIds = List.copyOf(storeIds);
        plannerKeys = List.copyOf(plannerKeys);
        passwords = Map.copyOf(passwords);
    }

    /** Every store opens sealed secret values with {@code key}. */
    public SimulatorConfig withSecretsKey(java.security.PrivateKey key) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, heartbeatInterval, connectConcurrency, keepAliveSeconds,
                eventLoops, plannerKeys, tlsCaFile, passwords, key);
    }

    /** TLS to the broker pinning {@code caFile}, each store with its own credential from {@code passwords}. */
    public SimulatorConfig withSecurity(String caFile, Map<String, String> storePasswords) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, heartbeatInterval, connectConcurrency, keepAliveSeconds,
                eventLoops, plannerKeys, caFile, storePasswords, secretsKey);
    }

    public static SimulatorConfig of(String host, int port, List<String> storeIds) {
        return new SimulatorConfig(host, port, storeIds, DelayRange.DEFAULT_READY, Duration.ofSeconds(30), 200, 30,
                Math.min(4, Runtime.getRuntime().availableProcessors()), List.of(), null, Map.of(), null);
    }

    /** {@code prefix} + %04d for 1..count, e.g. {@code store-0001}. */
    public static List<String> numberedIds(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + String.format("%04d", i)).toList();
    }

    public SimulatorConfig withReadyDelay(DelayRange delay) {
        return new SimulatorConfig(host, port, storeIds, delay, heartbeatInterval, connectConcurrency, keepAliveSeconds, eventLoops, plannerKeys, tlsCaFile, passwords, secretsKey);
    }

    public SimulatorConfig withHeartbeatInterval(Duration interval) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, interval, connectConcurrency, keepAliveSeconds, eventLoops, plannerKeys, tlsCaFile, passwords, secretsKey);
    }

    public SimulatorConfig withConnectConcurrency(int concurrency) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, heartbeatInterval, concurrency, keepAliveSeconds, eventLoops, plannerKeys, tlsCaFile, passwords, secretsKey);
    }

    public SimulatorConfig withKeepAliveSeconds(int seconds) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, heartbeatInterval, connectConcurrency, seconds, eventLoops, plannerKeys, tlsCaFile, passwords, secretsKey);
    }

    /** Every store accepts a deployment signed by any of {@code keys} (empty: applies unsigned deployments). */
    public SimulatorConfig withPlannerKeys(List<PublicKey> keys) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, heartbeatInterval, connectConcurrency, keepAliveSeconds, eventLoops, keys, tlsCaFile, passwords, secretsKey);
    }

    /** A key set of one. */
    public SimulatorConfig withPublicKey(PublicKey key) {
        return withPlannerKeys(key == null ? List.of() : List.of(key));
    }
}
