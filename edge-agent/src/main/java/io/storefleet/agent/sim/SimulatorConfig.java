package io.storefleet.agent.sim;

import java.time.Duration;
import java.util.List;
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
 */
public record SimulatorConfig(String host, int port, List<String> storeIds, DelayRange readyDelay,
                              Duration heartbeatInterval, int connectConcurrency, int keepAliveSeconds,
                              int eventLoops) {

    public SimulatorConfig {
        storeIds = List.copyOf(storeIds);
    }

    public static SimulatorConfig of(String host, int port, List<String> storeIds) {
        return new SimulatorConfig(host, port, storeIds, DelayRange.DEFAULT_READY, Duration.ofSeconds(30), 200, 30,
                Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** {@code prefix} + %04d for 1..count, e.g. {@code store-0001}. */
    public static List<String> numberedIds(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + String.format("%04d", i)).toList();
    }

    public SimulatorConfig withReadyDelay(DelayRange delay) {
        return new SimulatorConfig(host, port, storeIds, delay, heartbeatInterval, connectConcurrency, keepAliveSeconds, eventLoops);
    }

    public SimulatorConfig withHeartbeatInterval(Duration interval) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, interval, connectConcurrency, keepAliveSeconds, eventLoops);
    }

    public SimulatorConfig withConnectConcurrency(int concurrency) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, heartbeatInterval, concurrency, keepAliveSeconds, eventLoops);
    }

    public SimulatorConfig withKeepAliveSeconds(int seconds) {
        return new SimulatorConfig(host, port, storeIds, readyDelay, heartbeatInterval, connectConcurrency, seconds, eventLoops);
    }
}
