package io.storefleet.agent.core;

import io.storefleet.model.StoreEvent;

/** Where an agent's status reports and heartbeats go: MQTT in a store, a list in tests. */
@FunctionalInterface
public interface StatusSink {
    void publish(StoreEvent event);
}
