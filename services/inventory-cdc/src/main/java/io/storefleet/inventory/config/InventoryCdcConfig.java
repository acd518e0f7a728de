package io.storefleet.inventory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.storefleet.model.Topics;

import java.time.Duration;
import java.util.Optional;

/** Settings of the inventory CDC service ({@code storefleet.inventory-cdc.*}). */
@ConfigMapping(prefix = "storefleet.inventory-cdc")
public interface InventoryCdcConfig {

    /** Topic the change events go to (key = store id). */
    @WithDefault(Topics.INVENTORY_STORES)
    String topic();

    /** Compacted topic holding Debezium's source offsets (WAL position, snapshot done) across restarts. */
    @WithDefault("storefleet.inventory.offsets")
    String offsetsTopic();

    /** Tables to stream, as Debezium's {@code table.include.list}. */
    @WithDefault("public.stores")
    String tables();

    /** Debezium {@code snapshot.mode}: {@code initial} streams the rows already there once, then the changes. */
    @WithDefault("initial")
    String snapshotMode();

    /** Replication slot; by default derived from the database name (slots are server-wide). */
    Optional<String> slotName();

    /** Publication (per database) that pgoutput reads. */
    @WithDefault("storefleet_inventory")
    String publicationName();

    /** How often Debezium's offsets are flushed to the offsets topic; a crash re-sends at most this much. */
    @WithDefault("1s")
    Duration offsetFlushInterval();

    /**
     * How long Debezium waits to fill a batch before handing it over: the floor of insert-to-topic latency
     * (Debezium's 500 ms default made inserts take ~0.5 s to arrive).
     */
    @WithDefault("100ms")
    Duration pollInterval();

    /** Heartbeats let the slot advance while the stores table is quiet, so Postgres can recycle WAL. */
    @WithDefault("30s")
    Duration heartbeatInterval();

    /** Wait between re-sends of a batch Kafka did not acknowledge. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** The inventory database; the launcher passes {@code quarkus.datasource.*}, application.properties maps them here. */
    Database database();

    interface Database {
        /** {@code jdbc:postgresql://host[:port]/db}. */
        @WithName("jdbc-url")
        String jdbcUrl();

        /** A user with the REPLICATION attribute. */
        @WithDefault("postgres")
        String username();

        /** Unset for trust auth. */
        Optional<String> password();
    }
}
