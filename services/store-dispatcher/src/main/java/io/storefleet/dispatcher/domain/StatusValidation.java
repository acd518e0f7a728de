package io.storefleet.dispatcher.domain;

import io.storefleet.model.EventCodec;
import io.storefleet.model.MqttTopics;
import io.storefleet.model.StoreEvent;
import io.storefleet.model.StoreHeartbeat;
import io.storefleet.model.StoreStatusReported;

/** Decides whether a message on {@code storefleet/stores/{id}/status} may go on to Kafka: a store may only speak for itself. */
public final class StatusValidation {

    public static StatusDecision validate(String topic, String payload) {
        var topicStore = MqttTopics.storeId(topic).orElse(null);
        if (topicStore == null) {
            return new StatusDecision.Reject(RejectReason.NotAStoreTopic, topic);
        }
        final StoreEvent event;
        try {
            var decoded = EventCodec.decode(payload);
            if (!(decoded instanceof StoreStatusReported || decoded instanceof StoreHeartbeat)) {
                return new StatusDecision.Reject(RejectReason.UnexpectedEventType, decoded.type());
            }
            event = (StoreEvent) decoded;
        } catch (EventCodec.InvalidEventException e) {
            return new StatusDecision.Reject(RejectReason.UnreadablePayload, e.getMessage());
        }
        if (!topicStore.equals(event.storeId())) {
            return new StatusDecision.Reject(RejectReason.StoreIdMismatch,
                    "topic store " + topicStore + ", event store " + event.storeId());
        }
        if (!topicStore.equals(event.meta().subject())) {
            return new StatusDecision.Reject(RejectReason.SubjectMismatch,
                    "topic store " + topicStore + ", subject " + event.meta().subject());
        }
        return new StatusDecision.Accept(topicStore, event);
    }

    private StatusValidation() {
    }
}
