package io.storefleet.audit.domain;

import io.storefleet.model.BundleState;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.Person;
import io.storefleet.model.RolloutCompleted;
import io.storefleet.model.RolloutControlled;
import io.storefleet.model.RolloutStarted;
import io.storefleet.model.RolloutWave;
import io.storefleet.model.StoreFailure;
import io.storefleet.model.WaveHalted;
import io.storefleet.model.WaveStarted;
import io.storefleet.model.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.storefleet.audit.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LedgerMappingTest {

    /** event, topic, store, bundle, repo, commit, actor */
    static Stream<Arguments> rows() {
        return Stream.of(
                arguments(commit("shop", "c1"), Topics.GIT_COMMITS, null, null, "shop", "c1", "ada@example.com"),
                arguments(planned("s1", "pos", "d1", "shop", "c1"), Topics.BUNDLE_DEPLOYMENTS, "s1", "pos", "shop", "c1", "bundle-planner"),
                arguments(removed("s1", "pos", "shop", "c2"), Topics.BUNDLE_DEPLOYMENTS, "s1", "pos", "shop", "c2", "bundle-planner"),
                arguments(reported("s1", status("pos", BundleState.Ready, "d1", "c1")), Topics.STORE_STATUS, "s1", "pos", null, "c1", "store-dispatcher"),
                arguments(reported("s1", status("pos", BundleState.Ready, "d1", "c1"), status("kiosk", BundleState.Ready, "d2", "c1")), Topics.STORE_STATUS, "s1", null, null, "c1", "store-dispatcher"),
                arguments(reported("s1", status("pos", BundleState.Ready, "d1", "c1"), status("kiosk", BundleState.Ready, "d2", "c0")), Topics.STORE_STATUS, "s1", null, null, null, "store-dispatcher"),
                arguments(reported("s1"), Topics.STORE_STATUS, "s1", null, null, null, "store-dispatcher"),
                arguments(heartbeat("s1"), Topics.STORE_STATUS, "s1", null, null, null, "store-dispatcher"),
                arguments(online("s1"), Topics.STORE_STATUS, "s1", null, null, null, "store-dispatcher"),
                arguments(offline("s1"), Topics.STORE_STATUS, "s1", null, null, null, "store-dispatcher"),
                arguments(new io.storefleet.model.StoreAccessChanged(meta("store-dispatcher", "s1"), "s1",
                        io.storefleet.model.StoreAccessChanged.Change.Revoked, "alice"), Topics.STORE_STATUS, "s1", null, null, null, "alice"),
                arguments(new io.storefleet.model.StoreMessageRefused(meta("store-dispatcher", "s1"), "s1", "StoreIdMismatch",
                        "topic store s1, event store s2"), Topics.STORE_STATUS, "s1", null, null, null, "s1"),
                arguments(planningFailed("shop", "c3", "pos"), Topics.ROLLOUT_EVENTS, null, "pos", "shop", "c3", "bundle-planner"),
                arguments(new RolloutStarted(meta("bundle-planner", "pos@c4"), "pos@c4", "shop", "c4", "pos", "urgent", "PT1M", "1",
                        true, List.of(new RolloutWave(0, "canary", List.of("s1"), 0))), Topics.ROLLOUT_EVENTS, null, "pos", "shop", "c4", "bundle-planner"),
                arguments(new WaveStarted(meta("bundle-planner", "pos@c4"), "pos@c4", "shop", "c4", "pos", 0, "canary", List.of("s1")),
                        Topics.ROLLOUT_EVENTS, null, "pos", "shop", "c4", "bundle-planner"),
                arguments(new WaveHalted(meta("bundle-planner", "pos@c4"), "pos@c4", "shop", "c4", "pos", 0, "canary",
                        List.of(new StoreFailure("s1", BundleState.ErrApplied, "boom")), List.of("s1"), "1 of 1 failed"),
                        Topics.ROLLOUT_EVENTS, null, "pos", "shop", "c4", "bundle-planner"),
                arguments(new RolloutCompleted(meta("bundle-planner", "pos@c4"), "pos@c4", "shop", "c4", "pos", "Completed", 1),
                        Topics.ROLLOUT_EVENTS, null, "pos", "shop", "c4", "bundle-planner"),
                // the operator who paused is the actor, not the planner that sent it
                arguments(new RolloutControlled(meta("bundle-planner", "pos@c4"), "pos@c4", "shop", "c4", "pos",
                        RolloutControlled.Action.PAUSE, "dana"), Topics.ROLLOUT_EVENTS, null, "pos", "shop", "c4", "dana"));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void eventBecomesLedgerColumns(FleetEvent event, String topic, String store, String bundle, String repo,
                                   String commit, String actor) {
        var row = LedgerMapping.toRow(event, null);

        assertThat(row.eventId()).isEqualTo(event.id());
        assertThat(row.type()).isEqualTo(event.type());
        assertThat(row.topic()).isEqualTo(topic);
        assertThat(row.storeId()).isEqualTo(store);
        assertThat(row.bundle()).isEqualTo(bundle);
        assertThat(row.repo()).isEqualTo(repo);
        assertThat(row.commitSha()).isEqualTo(commit);
        assertThat(row.actor()).isEqualTo(actor);
        assertThat(row.source()).isEqualTo(event.meta().source());
        assertThat(row.eventTime()).isEqualTo(event.meta().time());
        assertThat(EventCodec.decode(row.payload())).isEqualTo(event);
    }

    @Test
    void everyEventTypeHasAMappingRow() {
        var covered = new HashSet<Class<?>>();
        rows().forEach(a -> covered.add(a.get()[0].getClass()));

        assertThat(covered).containsExactlyInAnyOrderElementsOf(leaves(FleetEvent.class));
    }

    @Test
    void topicItArrivedOnWinsOverTheDerivedOne() {
        assertThat(LedgerMapping.toRow(heartbeat("s1"), "elsewhere").topic()).isEqualTo("elsewhere");
    }

    @Test
    void commitWithoutAuthorEmailFallsBackToSource() {
        var c = commit("shop", "c1");
        var anonymous = new CommitDetected(c.meta(), c.repo(), c.repoUrl(), c.branch(), c.sha(), c.parent(),
                new Person("nobody", null), c.committer(), c.message(), c.commitTime(), c.changedPaths(),
                c.signatureStatus());

        assertThat(LedgerMapping.toRow(anonymous, null).actor()).isEqualTo("git-watcher");
    }

    static Set<Class<?>> leaves(Class<?> type) {
        if (!type.isSealed()) {
            return Set.of(type);
        }
        var all = new ArrayList<Class<?>>();
        for (var sub : type.getPermittedSubclasses()) {
            all.addAll(leaves(sub));
        }
        return Set.copyOf(all);
    }
}
