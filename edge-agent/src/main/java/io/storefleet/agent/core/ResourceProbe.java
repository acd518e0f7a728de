package io.storefleet.agent.core;

import io.storefleet.model.StoreHeartbeat.ResourceUsage;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * What the store's node and this agent use, for heartbeats: CPU and memory from the JDK's OperatingSystemMXBean
 * (container-aware on Linux), the process's resident memory from {@code /proc/self/status}, and the disk of the
 * desired-state cache. One snapshot per second at most: the simulator asks for thousands of stores at a time.
 */
public final class ResourceProbe {
    private static final long MAX_AGE_NANOS = 1_000_000_000L;
    private static final AtomicReference<Snapshot> LAST = new AtomicReference<>();

    private record Snapshot(long takenAt, double nodeCpu, double agentCpu, long memoryUsed, long memoryTotal, long rss) {
    }

    /**
     * @param cacheUsed bytes the cache occupies, null when the agent keeps none
     * @param cacheFree bytes free where the cache lives, null when the agent keeps none
     */
    public static ResourceUsage usage(LongSupplier cacheUsed, LongSupplier cacheFree) {
        var snapshot = snapshot();
        return new ResourceUsage(snapshot.nodeCpu(), snapshot.agentCpu(), snapshot.memoryUsed(), snapshot.memoryTotal(),
                snapshot.rss(), cacheUsed == null ? -1 : cacheUsed.getAsLong(), cacheFree == null ? -1 : cacheFree.getAsLong());
    }

    private static Snapshot snapshot() {
        var now = System.nanoTime();
        var last = LAST.get();
        if (last != null && now - last.takenAt() < MAX_AGE_NANOS) {
            return last;
        }
        double nodeCpu = -1;
        double agentCpu = -1;
        long total = -1;
        long used = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            nodeCpu = os.getCpuLoad(); // negative when not yet known
            agentCpu = os.getProcessCpuLoad();
            total = os.getTotalMemorySize();
            used = total - os.getFreeMemorySize();
        }
        var snapshot = new Snapshot(now, nodeCpu < 0 ? -1 : nodeCpu, agentCpu < 0 ? -1 : agentCpu, used, total, residentBytes());
        LAST.set(snapshot);
        return snapshot;
    }

    /** VmRSS of this process; -1 where there is no /proc (not Linux). */
    static long residentBytes() {
        try {
            for (var line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    var kb = line.substring("VmRSS:".length()).replace("kB", "").trim();
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux, or /proc not mounted: the heartbeat says unknown
        }
        return -1;
    }

    private ResourceProbe() {
    }
}
