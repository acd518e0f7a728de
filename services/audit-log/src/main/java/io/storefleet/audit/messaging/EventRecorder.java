package io.storefleet.audit.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.storefleet.audit.domain.LedgerMapping;
import io.storefleet.audit.domain.Projections;
import io.storefleet.audit.persistence.LedgerWriter;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Records every event from every event topic. The returned Uni completes after the transaction and the ack,
 * so the Kafka offset never moves past an event that is not in the ledger.
 */
@ApplicationScoped
public class EventRecorder {
    /** One channel over all of {@link Topics#EVENT_TOPICS}; see application.properties. */
    public static final String EVENTS_IN = "fleet-events";

    private final LedgerWriter writer;
    private final AuditMetrics metrics;

    public EventRecorder(LedgerWriter writer, AuditMetrics metrics) {
        this.writer = writer;
        this.metrics = metrics;
    }

    @Incoming(EVENTS_IN)
    public Uni<Void> record(Message<String> message) {
        var topic = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getTopic).orElse(null);
        FleetEvent event;
        try {
            event = EventCodec.decode(message.getPayload());
        } catch (EventCodec.InvalidEventException e) {
            metrics.rejected("InvalidEvent");
            return nack(message, topic, e);
        }
        var row = LedgerMapping.toRow(event, topic);
        return writer.append(row, Projections.of(event))
                .onItemOrFailure().transformToUni((inserted, failure) -> {
                    if (failure != null) {
                        metrics.rejected("RecordFailed");
                        return nack(message, topic, failure);
                    }
                    if (inserted) {
                        metrics.recorded(event.type());
                    } else {
                        metrics.duplicate(event.type());
                    }
                    return Uni.createFrom().completionStage(message.ack());
                });
    }

    /** Nacks towards the source topic's own dead-letter twin; the Kafka DLQ handler adds the reason headers. */
    private static Uni<Void> nack(Message<String> message, String topic, Throwable reason) {
        var metadata = topic == null ? Metadata.empty()
                : Metadata.of(OutgoingKafkaRecordMetadata.builder().withTopic(Topics.dlq(topic)).build());
        return Uni.createFrom().completionStage(message.nack(reason, metadata));
    }
}
