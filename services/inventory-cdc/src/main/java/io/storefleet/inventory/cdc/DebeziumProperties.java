package io.storefleet.inventory.cdc;

import io.storefleet.inventory.config.InventoryCdcConfig;
import io.storefleet.inventory.domain.JdbcTarget;
import io.storefleet.inventory.domain.SlotName;

import java.util.Properties;

/** The embedded engine's configuration, built from ours. */
public final class DebeziumProperties {
    /** Debezium's logical server name; the engine's own destination names start with it, our topic is separate. */
    public static final String TOPIC_PREFIX = "storefleet-inventory";
    public static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";

    public static Properties of(InventoryCdcConfig config, String kafkaBootstrap) {
        var db = JdbcTarget.parse(config.database().jdbcUrl());
        var p = new Properties();
        p.setProperty("name", "inventory-cdc");
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("topic.prefix", TOPIC_PREFIX);

        p.setProperty("database.hostname", db.host());
        p.setProperty("database.port", Integer.toString(db.port()));
        p.setProperty("database.dbname", db.database());
        p.setProperty("database.user", config.database().username());
        p.setProperty("database.password", config.database().password().orElse(""));

        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", config.slotName().orElseGet(() -> SlotName.forDatabase(db.database())));
        p.setProperty("publication.name", config.publicationName());
        // the publication covers only our tables, so other services' writes never reach the slot's consumer
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", config.tables());
        p.setProperty("snapshot.mode", config.snapshotMode());
        // a delete is one "d" event; no null-value tombstone for consumers to special-case
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("poll.interval.ms", Long.toString(config.pollInterval().toMillis()));
        // a lost replication connection (Postgres restart, walsender killed) is retried without end; 10 s default
        // wait is long next to a 1-2 s Postgres restart
        p.setProperty("retriable.restart.connector.wait.ms", "3000");
        p.setProperty("heartbeat.interval.ms", Long.toString(config.heartbeatInterval().toMillis()));
        p.setProperty("topic.heartbeat.prefix", HEARTBEAT_TOPIC_PREFIX);

        // offsets on a compacted Kafka topic: they live and die with the change topic they describe (a fresh
        // Kafka means a fresh snapshot), and the service keeps no local state, so it can run on any host
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        p.setProperty("offset.storage.topic", config.offsetsTopic());
        p.setProperty("offset.storage.partitions", "1");
        p.setProperty("offset.storage.replication.factor", "1");
        p.setProperty("offset.flush.interval.ms", Long.toString(config.offsetFlushInterval().toMillis()));
        p.setProperty("bootstrap.servers", kafkaBootstrap);

        // values as plain JSON ({"before":..,"after":..,"op":..}), no schema envelope
        p.setProperty("converter.schemas.enable", "false");
        p.setProperty("key.converter.schemas.enable", "false");
        p.setProperty("value.converter.schemas.enable", "false");
        return p;
    }

    private DebeziumProperties() {
    }
}
