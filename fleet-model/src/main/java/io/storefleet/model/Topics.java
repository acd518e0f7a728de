package io.storefleet.model;

import java.util.List;

/** Kafka topic names; every service refers to these, never to literals. */
public final class Topics {
    public static final String GIT_COMMITS = "storefleet.git.commits";
    public static final String INVENTORY_STORES = "storefleet.inventory.stores";
    public static final String BUNDLE_DEPLOYMENTS = "storefleet.bundle.deployments";
    public static final String STORE_STATUS = "storefleet.store.status";
    public static final String ROLLOUT_EVENTS = "storefleet.rollout.events";
    public static final String AUDIT_LEDGER = "storefleet.audit.ledger";

    /** Topics carrying {@link FleetEvent}s, i.e. everything the ledger records. */
    public static final List<String> EVENT_TOPICS = List.of(GIT_COMMITS, BUNDLE_DEPLOYMENTS, STORE_STATUS, ROLLOUT_EVENTS);

    public static final List<String> ALL = List.of(GIT_COMMITS, INVENTORY_STORES, BUNDLE_DEPLOYMENTS, STORE_STATUS,
            ROLLOUT_EVENTS, AUDIT_LEDGER);

    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    private Topics() {
    }
}
