package io.storefleet.audit.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.storefleet.audit.domain.LedgerMapping;
import io.storefleet.audit.domain.Notifications;
import io.storefleet.audit.domain.Projections;
import io.storefleet.audit.persistence.LedgerWriter;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Records every event from every event topic, a Kafka poll batch at a time: one ledger transaction per batch
 * (the hash chain's lock is taken once, not per event). The returned Uni completes after the transaction, the
 * dead letters and the ack, so the Kafka offset never moves past an event that is neither in the ledger nor in a DLQ.
 */
@ApplicationScoped
public class EventRecorder {
    /** One channel over all of {@link Topics#EVENT_TOPICS}, in batch mode; see application.properties. */
    public static final String EVENTS_IN = "fleet-events";
    /** Undecodable records, each to its source topic's {@code <topic>.dlq} with a {@value #REASON_HEADER} header. */
    public static final String DEAD_LETTERS_OUT = "audit-dead-letters";
    public static final String REASON_HEADER = "dead-letter-reason";
    /** Only for a record whose source topic is unknown. */
    static final String FALLBACK_DLQ = "storefleet.audit.dlq";

    private final LedgerWriter writer;
    private final AuditMetrics metrics;
    private final MutinyEmitter<String> deadLetters;
    private final WebhookNotifier notifier;

    public EventRecorder(LedgerWriter writer, AuditMetrics metrics,
                         @Channel(DEAD_LETTERS_OUT) MutinyEmitter<String> deadLetters, WebhookNotifier notifier) {
        this.writer = writer;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.notifier = notifier;
    }

    @Incoming(EVENTS_IN)
    public Uni<Void> record(Message<List<String>> batch) {
        var payloads = batch.getPayload();
        var topics = topicsOf(batch, payloads.size());
        var pending = new ArrayList<LedgerWriter.Pending>(payloads.size());
        var types = new ArrayList<String>(payloads.size());
        var rejected = new ArrayList<Uni<Void>>();
        for (int i = 0; i < payloads.size(); i++) {
            FleetEvent event;
            try {
                event = EventCodec.decode(payloads.get(i));
            } catch (EventCodec.InvalidEventException e) {
                metrics.rejected("InvalidEvent");
                rejected.add(deadLetter(payloads.get(i), topics.get(i), e.getMessage()));
                continue;
            }
            pending.add(new LedgerWriter.Pending(LedgerMapping.toRow(event, topics.get(i)), Projections.of(event)));
            types.add(event.type());
        }
        return writer.appendAll(pending)
                .onItemOrFailure().transformToUni((links, failure) -> {
                    if (failure != null) {
                        // Nothing of this batch was written: the failure strategy dead-letters it, nothing is lost.
                        types.forEach(t -> metrics.rejected("RecordFailed"));
                        return Uni.createFrom().completionStage(batch.nack(failure));
                    }
                    for (int i = 0; i < links.size(); i++) {
                        if (links.get(i) != null) {
                            metrics.recorded(types.get(i));
                            // after the commit, new rows only: a redelivered PlanningFailed pages nobody twice
                            Notifications.forEntry(pending.get(i).row()).ifPresent(notifier::notify);
                        } else {
                            metrics.duplicate(types.get(i));
                        }
                    }
                    return (rejected.isEmpty() ? Uni.createFrom().voidItem()
                            : Uni.join().all(rejected).andFailFast().replaceWithVoid())
                            .chain(() -> Uni.createFrom().completionStage(batch.ack()));
                });
    }

    /** The source topic of each record; nulls when the batch did not come from Kafka (in-memory tests). */
    private static List<String> topicsOf(Message<List<String>> batch, int size) {
        var topics = new ArrayList<String>(size);
        @SuppressWarnings("unchecked")
        var meta = (IncomingKafkaRecordBatchMetadata<String, String>) batch.getMetadata(IncomingKafkaRecordBatchMetadata.class).orElse(null);
        if (meta != null && meta.getBatchedMessages().size() == size) {
            for (var m : meta.getBatchedMessages()) {
                topics.add(m.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getTopic).orElse(null));
            }
        } else {
            for (int i = 0; i < size; i++) {
                topics.add(null);
            }
        }
        return topics;
    }

    private Uni<Void> deadLetter(String payload, String topic, String reason) {
        var headers = new RecordHeaders();
        headers.add(REASON_HEADER, String.valueOf(reason).getBytes(StandardCharsets.UTF_8));
        var kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic == null ? FALLBACK_DLQ : Topics.dlq(topic)).withHeaders(headers).build();
        return deadLetters.sendMessage(Message.of(payload, Metadata.of(kafka)));
    }
}
