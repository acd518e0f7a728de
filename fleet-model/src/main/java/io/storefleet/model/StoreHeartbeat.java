package io.storefleet.model;

/**
 * Periodic liveness and version information from an agent.
 *
 * @param resources what the store's node and the agent use now; null from agents that do not measure it
 */
public record StoreHeartbeat(EventMeta meta, String storeId, String agentVersion, String k8sVersion,
                             long heapUsedBytes, ResourceUsage resources) implements StoreEvent {

    public StoreHeartbeat(EventMeta meta, String storeId, String agentVersion, String k8sVersion, long heapUsedBytes) {
        this(meta, storeId, agentVersion, k8sVersion, heapUsedBytes, null);
    }

    /**
     * A snapshot of resource use; a value the platform does not expose is -1.
     *
     * @param nodeCpuLoad       recent CPU use of the whole node (or the container's share), 0..1
     * @param agentCpuLoad      recent CPU use of the agent process, 0..1
     * @param nodeMemoryUsed    physical memory in use on the node (total − free), bytes
     * @param nodeMemoryTotal   physical memory of the node, bytes
     * @param agentRss          resident memory of the agent process, bytes
     * @param cacheDiskUsed     bytes the agent's desired-state cache occupies
     * @param cacheDiskFree     bytes free on the file system that holds the cache
     */
    public record ResourceUsage(double nodeCpuLoad, double agentCpuLoad, long nodeMemoryUsed, long nodeMemoryTotal,
                                long agentRss, long cacheDiskUsed, long cacheDiskFree) {
    }
}
