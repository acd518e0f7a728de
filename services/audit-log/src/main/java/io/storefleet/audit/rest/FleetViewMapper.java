package io.storefleet.audit.rest;

import io.storefleet.audit.domain.BundleView;
import io.storefleet.audit.domain.StoreRollup;
import io.storefleet.audit.domain.StoreSnapshot;
import io.storefleet.audit.persistence.LedgerEntry;
import io.storefleet.model.BundleState;
import io.storefleet.model.EventCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Domain snapshots and ledger rows → API records. */
final class FleetViewMapper {

    static StoreJson toJson(StoreSnapshot s) {
        var bundles = s.bundles().stream().map(FleetViewMapper::toJson).toList();
        return new StoreJson(s.id(), s.online(), s.lastSeen(), StoreRollup.storeState(s.bundles()), bundles);
    }

    static BundleJson toJson(BundleView b) {
        return new BundleJson(b.bundle(), b.desiredDeploymentId(), b.desiredCommit(), b.appliedDeploymentId(),
                b.appliedCommit(), StoreRollup.bundleState(b), b.reportedState(), b.message());
    }

    static SummaryJson summary(List<StoreSnapshot> stores) {
        var counts = stores.stream().collect(Collectors.groupingBy(
                s -> StoreRollup.storeState(s.bundles()), Collectors.counting()));
        var byState = Arrays.stream(BundleState.values()).collect(Collectors.toMap(
                Enum::name, st -> counts.getOrDefault(st, 0L), Long::sum, LinkedHashMap::new));
        var online = stores.stream().filter(StoreSnapshot::online).count();
        return new SummaryJson(stores.size(), byState, online, stores.size() - online);
    }

    static LedgerEventJson toJson(LedgerEntry e) {
        return new LedgerEventJson(e.seq(), e.eventId(), e.type(), e.topic(), e.storeId(), e.bundle(), e.repo(),
                e.commitSha(), e.actor(), e.eventTime(), e.recordedAt(), json(e.payload()));
    }

    private static JsonNode json(String payload) {
        try {
            return EventCodec.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            // jsonb only ever holds valid JSON
            throw new IllegalStateException("ledger payload is not JSON", e);
        }
    }

    private FleetViewMapper() {
    }
}
