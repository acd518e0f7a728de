package io.storefleet.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Every event on every storefleet topic. The JSON {@code type} field names the record. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(CommitDetected.class),
        @JsonSubTypes.Type(BundleDeploymentPlanned.class),
        @JsonSubTypes.Type(BundleDeploymentRemoved.class),
        @JsonSubTypes.Type(StoreStatusReported.class),
        @JsonSubTypes.Type(StoreHeartbeat.class),
        @JsonSubTypes.Type(StoreOnline.class),
        @JsonSubTypes.Type(StoreOffline.class),
        @JsonSubTypes.Type(StoreAccessChanged.class),
        @JsonSubTypes.Type(StoreMessageRefused.class),
        @JsonSubTypes.Type(PlanningFailed.class),
        @JsonSubTypes.Type(RolloutStarted.class),
        @JsonSubTypes.Type(WaveStarted.class),
        @JsonSubTypes.Type(WaveHalted.class),
        @JsonSubTypes.Type(RolloutCompleted.class),
        @JsonSubTypes.Type(RolloutControlled.class),
})
public sealed interface FleetEvent permits GitEvent, DeploymentEvent, StoreEvent, RolloutEvent {
    EventMeta meta();

    /** The event type as written in JSON and in the ledger. */
    default String type() {
        return getClass().getSimpleName();
    }

    default String id() {
        return meta().id();
    }

    /** Kafka record key: store id for store-scoped events, repo id otherwise. */
    default String key() {
        return meta().subject();
    }
}
