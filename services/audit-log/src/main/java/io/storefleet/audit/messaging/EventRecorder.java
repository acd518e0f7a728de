package io.storefleet.audit.messaging;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.storefleet.audit.domain.LedgerMapping;
import io.storefleet.audit.domain.Notifications;
import io.storefleet.audit.domain.Projections;
import io.storefleet.audit.config.AuditLogConfig;
import io.storefleet.audit.persistence.LedgerWriter;
import io.storefleet.audit.persistence.WriteFailures;
import io.storefleet.model.LedgerChain;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.Topics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Records every event from every event topic, a Kafka poll batch at a time: one ledger transaction per batch
 * (the hash chain's lock is taken once, not per event). Two stages: a batch is decoded and its rows' canonical text
 * drafted on a thread of its own while the batch before it is being written; writes run one after another in delivery
 * order. A batch is acked only after its transaction and its dead letters, so the Kafka offset (committed up to the
 * lowest unacked record) never moves past an event that is neither in the ledger nor in a DLQ.
 * A database that is away is waited for (retry with backoff); only an event Postgres refuses for its own data, or
 * one that is not an event at all, goes to its topic's DLQ.
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
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final LedgerWriter writer;
    private final AuditMetrics metrics;
    private final MutinyEmitter<String> deadLetters;
    private final WebhookNotifier notifier;
    private final AuditLogConfig config;
    private final FleetMetrics fleetMetrics;
    private final LedgerRelay relay;
    /** Decoding and drafting, one batch at a time, beside the event loop that runs the ledger writes. */
    private final ExecutorService preparing = DaemonThread.single("ledger-prepare");
    /**
     * Done when the batch taken before is written (or handed to the failure strategy); the next write follows it, so
     * the ledger's order is the delivery order. Never fails.
     */
    private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);

    public EventRecorder(LedgerWriter writer, AuditMetrics metrics,
                         @Channel(DEAD_LETTERS_OUT) MutinyEmitter<String> deadLetters, WebhookNotifier notifier,
                         AuditLogConfig config, FleetMetrics fleetMetrics, LedgerRelay relay) {
        this.relay = relay;
        this.config = config;
        this.fleetMetrics = fleetMetrics;
        this.writer = writer;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.notifier = notifier;
    }

    @Incoming(EVENTS_IN)
    public Uni<Void> record(Message<List<String>> batch) {
        var channelContext = Vertx.currentContext(); // the channel's event loop: the writes and acks run there
        // completed futures, not memoized Unis: a chain of those would keep every batch ever written reachable
        var before = lastWrite;
        var written = new CompletableFuture<Void>();
        lastWrite = written;
        // decoding and drafting need no lock: off the event loop, while the batch before is still being written
        var prepared = CompletableFuture.supplyAsync(() -> prepare(batch), preparing);
        var ready = prepared.thenCombine(before, (p, ignored) -> p);
        ready.whenComplete((p, failure) -> onContext(channelContext, () -> {
            var write = failure == null ? write(p) : Uni.createFrom().<Void>failure(failure);
            write.onFailure().call(f -> {
                        LOG.errorf("ledger batch failed, handing it to the failure strategy: %s", f.getMessage());
                        return Uni.createFrom().completionStage(batch.nack(f));
                    })
                    .subscribe().with(ok -> written.complete(null), f -> written.complete(null));
        }));
        // the next batch is taken once this one is prepared and the one before is in the ledger: at most two in hand
        return Uni.createFrom().completionStage(ready.handle((p, failure) -> (Void) null))
                .emitOn(command -> onContext(channelContext, command));
    }

    private static void onContext(Context context, Runnable command) {
        if (context == null) {
            command.run();
        } else {
            context.runOnContext(ignored -> command.run());
        }
    }

    /** A batch decoded and drafted; what could not be decoded is dead-lettered with the write. */
    private record Prepared(Message<List<String>> batch, List<String> topics, LedgerWriter.Prepared rows,
                            List<Integer> sources, List<String> types, List<Uni<Void>> rejected) {
    }

    private Prepared prepare(Message<List<String>> batch) {
        var payloads = batch.getPayload();
        var topics = topicsOf(batch, payloads.size());
        var pending = new ArrayList<LedgerWriter.Pending>(payloads.size());
        var sources = new ArrayList<Integer>(payloads.size()); // index of each pending event in the batch
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
            sources.add(i);
            types.add(event.type());
        }
        return new Prepared(batch, topics, LedgerWriter.prepare(pending), sources, types, rejected);
    }

    /** One ledger transaction for the batch, then its dead letters and its ack: the offset never passes a lost event. */
    private Uni<Void> write(Prepared p) {
        var payloads = p.batch().getPayload();
        var pending = p.rows().batch();
        var rejected = p.rejected();
        return appendWithRetry(p.rows())
                .map(links -> new Written(links, Map.<Integer, String>of()))
                // Postgres refused the batch for an event's data: find that event, write the others
                .onFailure(WriteFailures::isBadData).recoverWithUni(failure -> oneByOne(pending))
                .chain(written -> {
                    relay.committed(written.links()); // committed: the reporting stream may publish them from memory
                    for (int i = 0; i < written.links().size(); i++) {
                        var refusal = written.refused().get(i);
                        if (refusal != null) {
                            metrics.rejected("RecordRefused");
                            int at = p.sources().get(i);
                            rejected.add(deadLetter(payloads.get(at), p.topics().get(at), "RecordRefused: " + refusal));
                        } else if (written.links().get(i) != null) {
                            metrics.recorded(p.types().get(i));
                            // after the commit, new rows only: a redelivered PlanningFailed pages nobody twice
                            Notifications.forEntry(pending.get(i).row()).ifPresent(notifier::notify);
                            fleetMetrics.recorded(pending.get(i).row());
                        } else {
                            metrics.duplicate(p.types().get(i));
                        }
                    }
                    return (rejected.isEmpty() ? Uni.createFrom().voidItem()
                            : Uni.join().all(rejected).andFailFast().replaceWithVoid())
                            .chain(() -> Uni.createFrom().completionStage(p.batch().ack()));
                });
    }

    /** Per pending event: its link (null = already recorded), and the events Postgres refused, by index, with why. */
    private record Written(List<LedgerChain.Link> links, Map<Integer, String> refused) {
    }

    /**
     * A failure the database may get over (connection lost, restart, timeout, lock trouble) is retried with
     * exponential backoff for as long as it lasts: the offset stays, nothing is dead-lettered, the service stays up.
     */
    private Uni<List<LedgerChain.Link>> appendWithRetry(LedgerWriter.Prepared prepared) {
        return writer.appendAll(prepared)
                .onFailure(WriteFailures::isTransient).invoke(failure -> {
                    metrics.writeRetry();
                    LOG.warnf("ledger write failed, retrying with backoff: %s", WriteFailures.describe(failure));
                })
                .onFailure(WriteFailures::isTransient).retry()
                .withBackOff(config.retryInitialBackoff(), config.retryMaxBackoff()).indefinitely();
    }

    /** Event by event, in order: each bad one is refused alone; the chain stays gap-free over the rest. */
    private Uni<Written> oneByOne(List<LedgerWriter.Pending> pending) {
        var links = new ArrayList<LedgerChain.Link>(pending.size());
        var refused = new HashMap<Integer, String>();
        return Multi.createFrom().range(0, pending.size())
                .onItem().transformToUniAndConcatenate(i -> appendWithRetry(LedgerWriter.prepare(List.of(pending.get(i))))
                        .map(one -> one.get(0))
                        .onFailure(WriteFailures::isBadData).recoverWithItem(failure -> {
                            refused.put(i, WriteFailures.describe(failure));
                            return null;
                        })
                        .invoke(links::add))
                .collect().last()
                .map(ignored -> new Written(links, refused));
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
