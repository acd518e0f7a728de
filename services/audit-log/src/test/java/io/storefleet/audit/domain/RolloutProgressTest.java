package io.storefleet.audit.domain;

import io.storefleet.model.EventMeta;
import io.storefleet.model.PlanningFailed;
import io.storefleet.model.RolloutCompleted;
import io.storefleet.model.RolloutControlled;
import io.storefleet.model.RolloutEvent;
import io.storefleet.model.RolloutStarted;
import io.storefleet.model.RolloutWave;
import io.storefleet.model.WaveHalted;
import io.storefleet.model.WaveStarted;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutProgressTest {
    static final Instant T = Instant.parse("2026-01-05T10:00:00Z");

    static EventMeta at(int s) {
        return new EventMeta("id-" + s, T.plusSeconds(s), "bundle-planner", "r", EventMeta.SCHEMA_VERSION);
    }

    static RolloutStarted started(String id, int s) {
        return new RolloutStarted(at(s), id, "shop", "c1", "pos", "immediate", "PT1M", "10%", false,
                List.of(new RolloutWave(0, "canary", List.of("a"), 0), new RolloutWave(1, "rest", List.of("b", "c"), 1)));
    }

    @Test
    void wavesAdvanceThenTheRolloutCompletes() {
        var events = List.<RolloutEvent>of(started("pos@c1", 0),
                new WaveStarted(at(1), "pos@c1", "shop", "c1", "pos", 0, "canary", List.of("a")));
        var running = RolloutProgress.fold(events).get(0);
        assertThat(running.state()).isEqualTo("Running");
        assertThat(running.waves()).isEqualTo(2);
        assertThat(running.wave()).isZero();
        assertThat(running.waveName()).isEqualTo("canary");
        assertThat(running.released()).containsExactly("a");
        assertThat(running.stores()).isEqualTo(3);

        var done = RolloutProgress.fold(List.of(events.get(0), events.get(1),
                new WaveStarted(at(2), "pos@c1", "shop", "c1", "pos", 1, "rest", List.of("b", "c")),
                new RolloutCompleted(at(3), "pos@c1", "shop", "c1", "pos", "Completed", 3))).get(0);
        assertThat(done.state()).isEqualTo("Completed");
        assertThat(done.wave()).isEqualTo(1);
        assertThat(done.released()).isEqualTo(Set.of("a", "b", "c"));
        assertThat(done.updatedAt()).isEqualTo(T.plusSeconds(3));
    }

    @Test
    void sizeOnlyWavesAndAWaveInPartsFoldLikeListedOnes() {
        var started = new RolloutStarted(at(0), "pos@c2", "shop", "c2", "pos", "immediate", "PT1M", "10%", false,
                List.of(new RolloutWave(0, "canary", List.of(), 0, 1), new RolloutWave(1, "rest", List.of(), 1, 3)));
        var progress = RolloutProgress.fold(List.of(started,
                new WaveStarted(at(1), "pos@c2", "shop", "c2", "pos", 0, "canary", List.of("a")),
                new WaveStarted(at(2), "pos@c2", "shop", "c2", "pos", 1, "rest", List.of("b", "c"), 3, 0, 2),
                new WaveStarted(at(3), "pos@c2", "shop", "c2", "pos", 1, "rest", List.of("d"), 3, 1, 2))).get(0);

        assertThat(progress.stores()).isEqualTo(4);
        assertThat(progress.waves()).isEqualTo(2);
        assertThat(progress.wave()).isEqualTo(1);
        assertThat(progress.released()).isEqualTo(Set.of("a", "b", "c", "d"));
    }

    @Test
    void anOperatorPausesResumesAndAborts() {
        var paused = List.<RolloutEvent>of(started("pos@c1", 0),
                new WaveStarted(at(1), "pos@c1", "shop", "c1", "pos", 0, "canary", List.of("a")),
                new RolloutControlled(at(2), "pos@c1", "shop", "c1", "pos", RolloutControlled.Action.PAUSE, "dana"));
        assertThat(RolloutProgress.fold(paused).get(0)).satisfies(p -> {
            assertThat(p.state()).isEqualTo("Paused");
            assertThat(p.detail()).isEqualTo("paused by dana");
            assertThat(p.wave()).isZero();
        });

        var resumed = new java.util.ArrayList<>(paused);
        resumed.add(new RolloutControlled(at(3), "pos@c1", "shop", "c1", "pos", RolloutControlled.Action.RESUME, "dana"));
        assertThat(RolloutProgress.fold(resumed).get(0).state()).isEqualTo("Running");

        var aborted = new java.util.ArrayList<>(resumed);
        aborted.add(new RolloutControlled(at(4), "pos@c1", "shop", "c1", "pos", RolloutControlled.Action.ABORT, "erin"));
        aborted.add(new RolloutCompleted(at(4), "pos@c1", "shop", "c1", "pos", "Aborted", 1));
        assertThat(RolloutProgress.fold(aborted).get(0)).satisfies(p -> {
            assertThat(p.state()).isEqualTo("Aborted");
            assertThat(p.detail()).isEqualTo("aborted by erin");
        });
    }

    @Test
    void aHaltedWaveSaysWhyAndRolloutsComeNewestFirst() {
        var list = RolloutProgress.fold(List.of(started("pos@c1", 0), started("web@c2", 5),
                new WaveStarted(at(6), "pos@c1", "shop", "c1", "pos", 0, "canary", List.of("a")),
                new WaveHalted(at(7), "pos@c1", "shop", "c1", "pos", 0, "canary", List.of(), List.of(), "1 of 1 stores failed"),
                new PlanningFailed(at(8), "shop", "c3", "x", io.storefleet.model.FailureReason.YamlInvalid, "f", 1, "d", null)));
        assertThat(list).extracting(RolloutProgress::rolloutId).containsExactly("pos@c1", "web@c2");
        assertThat(list.get(0).state()).isEqualTo("Halted");
        assertThat(list.get(0).detail()).isEqualTo("1 of 1 stores failed");
        assertThat(list.get(1).wave()).isEqualTo(-1);
    }
}
