package io.storefleet.dispatcher.domain;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleDeploymentRemoved;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.MqttTopics;

/** Maps a record of the deployments topic to the MQTT write that makes the store's desired state match. */
public final class DesiredRouting {

    /** {@code payload} is published as received: the bytes the planner signed, unknown fields included. */
    public static DesiredWrite route(String payload) {
        final FleetEvent event;
        try {
            event = EventCodec.decode(payload);
        } catch (EventCodec.InvalidEventException e) {
            return new DesiredWrite.Invalid(RejectReason.UnreadablePayload, e.getMessage());
        }
        // Java 17: no pattern switch over the sealed type yet.
        if (event instanceof BundleDeploymentPlanned planned) {
            return topicFor(planned.storeId(), planned.bundle(), payload, planned.id(), false);
        }
        if (event instanceof BundleDeploymentRemoved removed) {
            return topicFor(removed.storeId(), removed.bundle(), null, removed.id(), true);
        }
        return new DesiredWrite.Invalid(RejectReason.UnexpectedEventType, event.type());
    }

    private static DesiredWrite topicFor(String storeId, String bundle, String payload, String eventId, boolean clear) {
        if (!isTopicLevel(storeId) || !isTopicLevel(bundle)) {
            return new DesiredWrite.Invalid(RejectReason.InvalidDeploymentTarget, "store " + storeId + ", bundle " + bundle);
        }
        var topic = MqttTopics.desired(storeId, bundle);
        return clear ? new DesiredWrite.Clear(topic, storeId, eventId) : new DesiredWrite.Publish(topic, storeId, payload, eventId);
    }

    /** One MQTT topic level without wildcards: anything else would write to another store's topics. */
    static boolean isTopicLevel(String value) {
        return value != null && !value.isEmpty() && value.chars().noneMatch(c -> c == '/' || c == '+' || c == '#' || c == 0);
    }

    private DesiredRouting() {
    }
}
