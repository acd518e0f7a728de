package io.storefleet.dispatcher.domain;

import io.storefleet.model.EventMeta;
import io.storefleet.model.MqttTopics;
import io.storefleet.model.StoreOffline;
import io.storefleet.model.StoreOnline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the {@code online} flag into presence events, safe with N dispatcher instances sharing the subscription.
 * A live message is a transition the broker handed to this instance only (shared subscription): it is always
 * emitted, since no instance sees them all and a remembered state could be stale. A retained replay (on subscribe
 * or reconnect) is the current state: emitted only when it differs from what this instance last saw, so a
 * reconnect does not re-announce every store. Memory is per instance and only ever suppresses a replay of a
 * value this instance already reported; a restarted instance reports each replayed flag once more.
 */
public final class OnlineTracker {
    public static final String SOURCE = "store-dispatcher";
    /** {@code false} is only ever written by the broker as the agent's Last Will. */
    public static final String LAST_WILL = "LastWill";

    private final Map<String, Boolean> lastSeen = new ConcurrentHashMap<>();

    /** A live (not retained-replay) message. */
    public OnlineDecision observe(String topic, String payload) {
        return observe(topic, payload, false);
    }

    public OnlineDecision observe(String topic, String payload, boolean retainedReplay) {
        var storeId = MqttTopics.storeId(topic).orElse(null);
        if (storeId == null) {
            return new OnlineDecision.Reject(RejectReason.NotAStoreTopic, topic);
        }
        var value = payload == null ? "" : payload.trim();
        if (value.isEmpty()) {
            // An empty retained message only clears the flag (e.g. store decommissioned); no transition.
            return new OnlineDecision.Unchanged(storeId);
        }
        final boolean online;
        if (MqttTopics.ONLINE_TRUE.equals(value)) {
            online = true;
        } else if (MqttTopics.ONLINE_FALSE.equals(value)) {
            online = false;
        } else {
            return new OnlineDecision.Reject(RejectReason.InvalidOnlinePayload, abbreviate(value));
        }
        var previous = lastSeen.put(storeId, online);
        if (retainedReplay && previous != null && previous == online) {
            return new OnlineDecision.Unchanged(storeId);
        }
        var meta = EventMeta.of(SOURCE, storeId);
        return new OnlineDecision.Changed(storeId,
                online ? new StoreOnline(meta, storeId) : new StoreOffline(meta, storeId, LAST_WILL));
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
