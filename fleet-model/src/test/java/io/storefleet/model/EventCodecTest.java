package io.storefleet.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    @Test
    void everyEventTypeRoundTripsThroughJson() {
        var meta = EventMeta.of("test", "store-1");
        List<FleetEvent> events = List.of(
                new CommitDetected(meta, "demo", "/tmp/repo", "main", "abc", null, new Person("A", "a@x"),
                        new Person("C", "c@x"), "msg", Instant.parse("2026-11-26T00:00:00Z"), List.of("app/x.yaml"), "unsigned"),
                new BundleDeploymentPlanned(meta, "d1", "store-1", "app", "demo", "abc", "h", ManifestCodec.pack("a: 1"),
                        DeploymentOptions.DEFAULTS, null, null),
                new BundleDeploymentRemoved(meta, "store-1", "app", "demo", "abc"),
                new StoreStatusReported(meta, "store-1", List.of(new BundleStatus("app", BundleState.Ready, "d1", "abc", null))),
                new StoreHeartbeat(meta, "store-1", "0.1", "v1.30", 42),
                new StoreHeartbeat(meta, "store-1", "0.1", "v1.30", 42,
                        new StoreHeartbeat.ResourceUsage(0.25, 0.01, 3_000_000_000L, 8_000_000_000L, 120_000_000L, 4096, 1L << 30)),
                new BundleDeploymentPlanned(meta, "d2", "store-1", "app", "demo", "abc", "h", ManifestCodec.pack("a: 1"),
                        new DeploymentOptions("default", null, true, List.of("db")), null, null),
                new PlanningFailed(meta, "demo", "abc", "pos", FailureReason.TemplateFailed, "pos/fleet.yaml", 7, "no label",
                        "store-1"),
                new StoreOnline(meta, "store-1"),
                new StoreOffline(meta, "store-1", "LastWill"),
                new PlanningFailed(meta, "demo", "abc", "broken", FailureReason.YamlInvalid, "broken/a.yaml", 3, "bad"));

        for (var event : events) {
            var json = EventCodec.encode(event);
            assertThat(json).contains("\"type\":\"" + event.type() + "\"");
            assertThat(EventCodec.decode(json)).isEqualTo(event);
        }
    }

    @Test
    void encodingIsCanonical() {
        var meta = new EventMeta("id-1", Instant.parse("2026-11-26T00:00:00Z"), "s", "store-1", 1);
        var a = EventCodec.encode(new StoreOnline(meta, "store-1"));
        var b = EventCodec.encode(new StoreOnline(meta, "store-1"));
        assertThat(a).isEqualTo(b).startsWith("{\"type\":\"StoreOnline\",\"meta\":{\"id\":");
    }

    @Test
    void garbageGivesAReasonNotACrash() {
        assertThatThrownBy(() -> EventCodec.decode("not json")).isInstanceOf(EventCodec.InvalidEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("")).hasMessage("empty payload");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"Nope\"}")).isInstanceOf(EventCodec.InvalidEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"StoreOnline\",\"storeId\":\"s\"}"))
                .hasMessageContaining("meta.id");
    }
}
