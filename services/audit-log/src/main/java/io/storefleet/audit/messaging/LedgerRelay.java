package io.storefleet.audit.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.storefleet.audit.config.AuditLogConfig;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.storefleet.audit.persistence.LedgerChainReader;
import io.storefleet.model.LedgerChain;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes committed ledger rows to {@code storefleet.audit.ledger} (the reporting stream). The ledger is its own
 * outbox (see V4__ledger_relay.sql): take the rows after the watermark, publish, wait for the acks, move the watermark.
 * At-least-once; the key is the store (or the event id), the value carries seq and hash, so a consumer drops repeats
 * by seq and can check the chain itself.
 *
 * <p>The rows this instance has just committed are handed over by {@link EventRecorder} ({@link #committed}) and
 * published from memory when they continue the watermark, instead of being read back; anything else (rows another
 * instance wrote, rows from before a restart, a hand-over that was dropped because the relay fell behind) is read
 * from the ledger. Either way a row is published only after its transaction committed, in seq order.
 */
@ApplicationScoped
public class LedgerRelay {
    /** Outgoing channel to {@link io.storefleet.model.Topics#AUDIT_LEDGER}. */
    public static final String LEDGER_OUT = "audit-ledger";
    private static final Logger LOG = Logger.getLogger(LedgerRelay.class);

    private static final String WATERMARK = "SELECT published_seq FROM ledger_relay WHERE id = 1";
    private static final String UNPUBLISHED = "SELECT " + LedgerChainReader.COLUMNS
            + " FROM ledger WHERE seq > $1 ORDER BY seq LIMIT $2";
    private static final String MOVE_WATERMARK = "UPDATE ledger_relay SET published_seq = $1 WHERE id = 1 AND published_seq < $1";
    private static final JsonFactory JSON = new JsonFactory();

    private final Pool pool;
    private final MutinyEmitter<String> out;
    private final AuditLogConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Committed rows handed over by the recorder, in seq order; bounded (a relay far behind reads the ledger). */
    private final ConcurrentLinkedDeque<LedgerChain.Link> handedOver = new ConcurrentLinkedDeque<>();
    private final AtomicInteger handedOverSize = new AtomicInteger();
    private volatile long timer = -1;

    public LedgerRelay(Pool pool,
                       // a round hands the emitter relay-batch rows at once: the default buffer (128) would overflow
                       @Channel(LEDGER_OUT) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                       MutinyEmitter<String> out, AuditLogConfig config, Vertx vertx) {
        this.pool = pool;
        this.out = out;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent ignored) {
        if (config.relayEnabled()) {
            timer = vertx.setPeriodic(config.relayInterval().toMillis(), id -> tick());
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * Rows of a committed transaction, in seq order (null = an event that was already recorded). Called only after
     * the commit: the relay never publishes a row that could still roll back.
     */
    public void committed(List<LedgerChain.Link> links) {
        if (!config.relayEnabled()) {
            return;
        }
        for (var link : links) {
            if (link == null) {
                continue;
            }
            if (handedOverSize.get() >= 4 * config.relayBatch()) {
                return; // the relay is behind: these rows will be read from the ledger
            }
            handedOver.addLast(link);
            handedOverSize.incrementAndGet();
        }
    }

    /** One round at a time; a round that published a full batch goes again at once. */
    private void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        publishRound().subscribe().with(published -> {
            running.set(false);
            if (published >= config.relayBatch()) {
                tick();
            }
        }, failure -> {
            running.set(false);
            LOG.warnf("ledger relay round failed (will retry): %s", failure.getMessage());
        });
    }

    /** @return rows published in this round */
    public Uni<Integer> publishRound() {
        return pool.query(WATERMARK).execute().map(rows -> rows.iterator().next().getLong(0)).chain(watermark -> {
            var fromMemory = takeHandedOver(watermark);
            var links = fromMemory.isEmpty()
                    ? pool.preparedQuery(UNPUBLISHED).execute(Tuple.of(watermark, config.relayBatch()))
                            .map(LedgerChainReader::links)
                    : Uni.createFrom().item(fromMemory);
            return links.chain(this::publish);
        });
    }

    /** The handed-over rows that continue the watermark (at most a batch); older ones are dropped, published already. */
    private List<LedgerChain.Link> takeHandedOver(long watermark) {
        var run = new ArrayList<LedgerChain.Link>();
        long next = watermark + 1;
        LedgerChain.Link link;
        while ((link = handedOver.peekFirst()) != null && run.size() < config.relayBatch()) {
            long seq = link.entry().seq();
            if (seq > next) {
                break; // a gap: rows this instance did not hand over come first, from the ledger
            }
            handedOver.pollFirst();
            handedOverSize.decrementAndGet();
            if (seq == next) {
                run.add(link);
                next++;
            }
        }
        return run;
    }

    private Uni<Integer> publish(List<LedgerChain.Link> links) {
        if (links.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        var sends = new ArrayList<Uni<Void>>(links.size());
        for (var link : links) {
            sends.add(send(link));
        }
        long watermark = links.get(links.size() - 1).entry().seq();
        return Uni.join().all(sends).andFailFast()
                .chain(() -> pool.preparedQuery(MOVE_WATERMARK).execute(Tuple.of(watermark)))
                .replaceWith(links.size());
    }

    private Uni<Void> send(LedgerChain.Link link) {
        var e = link.entry();
        var headers = new RecordHeaders();
        headers.add("seq", Long.toString(e.seq()).getBytes(StandardCharsets.UTF_8));
        headers.add("hash", link.hash().getBytes(StandardCharsets.UTF_8));
        var key = e.storeId() != null ? e.storeId() : e.eventId();
        var meta = OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build();
        return out.sendMessage(Message.of(value(link), Metadata.of(meta)));
    }

    /**
     * The record value: every column, keys sorted and nulls left out (as EventCodec writes a map); the payload is
     * written as it is — JSON already, not parsed and re-encoded per row.
     */
    static String value(LedgerChain.Link link) {
        var e = link.entry();
        var text = new StringWriter(1024);
        try (var g = JSON.createGenerator(text)) {
            g.writeStartObject();
            field(g, "actor", e.actor());
            field(g, "bundle", e.bundle());
            field(g, "commit", e.commit());
            field(g, "eventId", e.eventId());
            field(g, "eventTime", e.eventTime() == null ? null : e.eventTime().toString());
            field(g, "hash", link.hash());
            if (e.payload() != null) {
                g.writeFieldName("payload");
                g.writeRawValue(e.payload());
            }
            field(g, "prevHash", link.prevHash());
            field(g, "prevStoreHash", link.prevStoreHash());
            field(g, "recordedAt", e.recordedAt() == null ? null : e.recordedAt().toString());
            field(g, "repo", e.repo());
            g.writeNumberField("seq", e.seq());
            field(g, "source", e.source());
            field(g, "storeHash", link.storeHash());
            field(g, "storeId", e.storeId());
            field(g, "topic", e.topic());
            field(g, "type", e.type());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return text.toString();
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** For tests: rows published so far. */
    public Uni<Long> publishedSeq() {
        return pool.query(WATERMARK).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}
