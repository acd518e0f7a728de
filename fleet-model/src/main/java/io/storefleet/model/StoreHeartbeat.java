package io.storefleet.model;

/** Periodic liveness and version information from an agent. */
public record StoreHeartbeat(EventMeta meta, String storeId, String agentVersion, String k8sVersion,
                             long heapUsedBytes) implements StoreEvent {
}
