package io.storefleet.inventory.cdc;

import io.storefleet.inventory.config.InventoryCdcConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DebeziumPropertiesTest {

    @Test
    void streamsTheStoresTableOfTheLaunchersDatabaseThroughPgoutputWithOffsetsInKafka() {
        var p = DebeziumProperties.of(config(Optional.empty()), "127.0.0.1:19092");

        assertThat(p).containsEntry("database.hostname", "127.0.0.1").containsEntry("database.port", "5433")
                .containsEntry("database.dbname", "sf_it_ab12").containsEntry("database.user", "postgres")
                .containsEntry("plugin.name", "pgoutput").containsEntry("publication.autocreate.mode", "filtered")
                .containsEntry("table.include.list", "public.stores").containsEntry("snapshot.mode", "initial")
                .containsEntry("slot.name", "storefleet_inventory_sf_it_ab12")
                .containsEntry("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore")
                .containsEntry("offset.storage.topic", "storefleet.inventory.offsets")
                .containsEntry("bootstrap.servers", "127.0.0.1:19092")
                .containsEntry("value.converter.schemas.enable", "false")
                .containsEntry("tombstones.on.delete", "false").containsEntry("poll.interval.ms", "100");
    }

    @Test
    void aConfiguredSlotNameWins() {
        assertThat(DebeziumProperties.of(config(Optional.of("my_slot")), "k:9092")).containsEntry("slot.name", "my_slot");
    }

    static InventoryCdcConfig config(Optional<String> slot) {
        return new InventoryCdcConfig() {
            public String topic() { return "storefleet.inventory.stores"; }
            public String offsetsTopic() { return "storefleet.inventory.offsets"; }
            public String tables() { return "public.stores"; }
            public String snapshotMode() { return "initial"; }
            public Optional<String> slotName() { return slot; }
            public String publicationName() { return "storefleet_inventory"; }
            public Duration offsetFlushInterval() { return Duration.ofSeconds(1); }
            public Duration pollInterval() { return Duration.ofMillis(100); }
            public Duration heartbeatInterval() { return Duration.ofSeconds(30); }
            public Duration retryBackoff() { return Duration.ofSeconds(1); }
            public Database database() {
                return new Database() {
                    public String jdbcUrl() { return "jdbc:postgresql://127.0.0.1:5433/sf_it_ab12"; }
                    public String username() { return "postgres"; }
                    public Optional<String> password() { return Optional.empty(); }
                };
            }
        };
    }
}
