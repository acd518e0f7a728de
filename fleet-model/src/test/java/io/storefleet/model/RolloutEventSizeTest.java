package io.storefleet.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Rollout events stay far below Kafka's 1 MB default record size however many stores a rollout has. */
class RolloutEventSizeTest {
    private static final int KAFKA_DEFAULT_MAX = 1_048_576;

    @Test
    void rolloutStartedCarriesWaveSizesNotStoreIds() {
        var stores = ids(50_000);
        var waves = List.of(new RolloutWave(0, "canary", stores.subList(0, 3), 0).withoutStores(),
                new RolloutWave(1, "auto-1", stores.subList(3, 50_000), 0).withoutStores());
        var started = new RolloutStarted(EventMeta.of("bundle-planner", "pos@c1"), "pos@c1", "shop", "c1", "pos", "immediate",
                "PT0S", "1", false, waves);

        var json = EventCodec.encode(started);

        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(2_000);
        var decoded = (RolloutStarted) EventCodec.decode(json);
        assertThat(decoded.waves()).extracting(RolloutWave::count).containsExactly(3, 49_997);
        assertThat(decoded).isEqualTo(started);
    }

    @Test
    void aRolloutStartedWrittenBeforeSizesExistedStillCountsItsStores() {
        var old = """
                {"type":"RolloutStarted","meta":{"id":"e1","time":"2026-11-26T00:00:00Z","source":"bundle-planner","subject":"pos@c1","schemaVersion":1},
                 "rolloutId":"pos@c1","repo":"shop","commit":"c1","bundle":"pos","maintenanceWindow":"immediate","bakeTime":"PT0S",
                 "haltOnFailure":"1","autoRollback":false,"waves":[{"index":0,"name":"canary","stores":["a","b"],"maxUnavailable":0}]}""";

        var decoded = (RolloutStarted) EventCodec.decode(old);

        assertThat(decoded.waves()).singleElement().satisfies(w -> {
            assertThat(w.count()).isEqualTo(2);
            assertThat(w.stores()).containsExactly("a", "b");
        });
    }

    @Test
    void aWaveOfFiftyThousandStoresIsAnnouncedInPartsUnderTheLimit() {
        var stores = ids(50_001);
        var meta = EventMeta.of("bundle-planner", "pos@c1");

        var parts = WaveStarted.parts(meta, part -> EventMeta.of("bundle-planner", "pos@c1"), "pos@c1", "shop", "c1", "pos", 0,
                "auto-1", stores);

        assertThat(parts).hasSize(6);
        assertThat(parts.get(0).meta()).isEqualTo(meta);
        assertThat(parts).extracting(WaveStarted::part).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.parts()).isEqualTo(6);
            assertThat(p.size()).isEqualTo(50_001);
            assertThat(EventCodec.encode(p).getBytes(StandardCharsets.UTF_8).length).isLessThan(KAFKA_DEFAULT_MAX / 2);
        });
        assertThat(parts.stream().flatMap(p -> p.stores().stream()).toList()).isEqualTo(stores);
        assertThat(EventCodec.decode(EventCodec.encode(parts.get(5)))).isEqualTo(parts.get(5));
    }

    @Test
    void aSmallWaveIsOnePartAndAnOldWaveStartedDecodesAsOne() {
        var one = WaveStarted.parts(EventMeta.of("p", "r"), part -> null, "r", "shop", "c1", "pos", 1, "auto-1", List.of("a", "b"));
        assertThat(one).singleElement().satisfies(w -> assertThat(List.of(w.part(), w.parts(), w.size())).containsExactly(0, 1, 2));

        var old = (WaveStarted) EventCodec.decode("""
                {"type":"WaveStarted","meta":{"id":"e2","time":"2026-11-26T00:00:00Z","source":"bundle-planner","subject":"r","schemaVersion":1},
                 "rolloutId":"r","repo":"shop","commit":"c1","bundle":"pos","wave":1,"name":"auto-1","stores":["a","b"]}""");
        assertThat(List.of(old.part(), old.parts())).containsExactly(0, 1);
        assertThat(old.stores()).containsExactly("a", "b");
    }

    /** Store ids as long as real ones get (a 40-character prefix and a number). */
    private static List<String> ids(int n) {
        var ids = new ArrayList<String>(n);
        IntStream.range(0, n).forEach(i -> ids.add(String.format("retail-chain-europe-west-region-store-%06d", i)));
        return ids;
    }
}
