package io.storefleet.audit.domain;

import io.storefleet.audit.domain.ProjectionUpdate.BundleReported;
import io.storefleet.audit.domain.ProjectionUpdate.DesiredRemoved;
import io.storefleet.audit.domain.ProjectionUpdate.DesiredSet;
import io.storefleet.audit.domain.ProjectionUpdate.StoreConnectivity;
import io.storefleet.audit.domain.ProjectionUpdate.StoreSeen;
import io.storefleet.model.BundleState;
import io.storefleet.model.FleetEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;

import static io.storefleet.audit.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ProjectionsTest {

    static Stream<Arguments> rules() {
        return Stream.of(
                arguments(commit("shop", "c1"), List.of()),
                arguments(planningFailed("shop", "c1", "pos"), List.of()),
                arguments(planned("s1", "pos", "d1", "shop", "c1"), List.of(new DesiredSet("s1", "pos", "d1", "c1", T0))),
                arguments(removed("s1", "pos", "shop", "c2"), List.of(new DesiredRemoved("s1", "pos"))),
                arguments(reported("s1", status("pos", BundleState.Ready, "d1", "c1"), status("kiosk", BundleState.ErrApplied, "d2", "c1")),
                        List.of(new StoreSeen("s1", T0),
                                new BundleReported("s1", "pos", "d1", "c1", BundleState.Ready, null, T0),
                                new BundleReported("s1", "kiosk", "d2", "c1", BundleState.ErrApplied, "not yet", T0))),
                arguments(heartbeat("s1"), List.of(new StoreSeen("s1", T0))),
                arguments(online("s1"), List.of(new StoreConnectivity("s1", true, T0))),
                arguments(offline("s1"), List.of(new StoreConnectivity("s1", false, T0))),
                // enrolment and revocation are the ledger's business; the store's view changes when the broker says so
                arguments(LedgerMappingTest.rows().map(a -> a.get()[0]).filter(e -> e instanceof io.storefleet.model.StoreAccessChanged)
                        .findFirst().orElseThrow(), List.of()),
                arguments(LedgerMappingTest.rows().map(a -> a.get()[0]).filter(e -> e instanceof io.storefleet.model.StoreMessageRefused)
                        .findFirst().orElseThrow(), List.of()),
                // rollout progress changes no store's view: the stores' own reports do
                arguments(LedgerMappingTest.rows().map(a -> a.get()[0]).filter(e -> e instanceof io.storefleet.model.RolloutStarted)
                        .findFirst().orElseThrow(), List.of()),
                arguments(LedgerMappingTest.rows().map(a -> a.get()[0]).filter(e -> e instanceof io.storefleet.model.WaveStarted)
                        .findFirst().orElseThrow(), List.of()),
                arguments(LedgerMappingTest.rows().map(a -> a.get()[0]).filter(e -> e instanceof io.storefleet.model.WaveHalted)
                        .findFirst().orElseThrow(), List.of()),
                arguments(LedgerMappingTest.rows().map(a -> a.get()[0]).filter(e -> e instanceof io.storefleet.model.RolloutCompleted)
                        .findFirst().orElseThrow(), List.of()),
                arguments(LedgerMappingTest.rows().map(a -> a.get()[0]).filter(e -> e instanceof io.storefleet.model.RolloutControlled)
                        .findFirst().orElseThrow(), List.of()));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void eventBecomesViewUpdates(FleetEvent event, List<ProjectionUpdate> expected) {
        assertThat(Projections.of(event)).containsExactlyElementsOf(expected);
    }

    @Test
    void everyEventTypeHasAProjectionRule() {
        var covered = new HashSet<Class<?>>();
        rules().forEach(a -> covered.add(a.get()[0].getClass()));

        assertThat(covered).containsExactlyInAnyOrderElementsOf(LedgerMappingTest.leaves(FleetEvent.class));
    }
}
