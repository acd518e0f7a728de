package io.storefleet.planner.domain;

import io.storefleet.model.FailureReason;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Name-based event ids: planning the same commit again after a crash yields the same ids, which the ledger dedupes. */
public final class EventIds {

    public static String deployment(String commit, String storeId, String bundle, String deploymentId) {
        return nameUuid(commit + "|" + storeId + "|" + bundle + "|" + deploymentId);
    }

    public static String removed(String commit, String storeId, String bundle) {
        return nameUuid(commit + "|" + storeId + "|" + bundle + "|removed");
    }

    /** {@code bundle} is null for a failure of the whole commit. */
    public static String planningFailed(String commit, String bundle, FailureReason reason) {
        return nameUuid(commit + "|" + (bundle == null ? "" : bundle) + "|" + reason.name());
    }

    /** A failure of one store's inputs (its values or templates) for one bundle. */
    public static String planningFailed(String commit, String bundle, String storeId, FailureReason reason) {
        return nameUuid(commit + "|" + bundle + "|" + storeId + "|" + reason.name());
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private EventIds() {
    }
}
