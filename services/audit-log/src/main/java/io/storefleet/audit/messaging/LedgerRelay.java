package io.storefleet.audit.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.storefleet.audit.config.AuditLogConfig;
import io.storefleet.model.EventCodec;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes committed ledger rows to {@code storefleet.audit.ledger} (the reporting stream). The ledger is its own
 * outbox (see V4__ledger_relay.sql): read rows after the watermark, publish, wait for the acks, move the watermark.
 * At-least-once; the key is the store (or the event id), the value carries seq and hash, so a consumer drops repeats
 * by seq and can check the chain itself.
 */
@ApplicationScoped
public class LedgerRelay {
    /** Outgoing channel to {@link io.storefleet.model.Topics#AUDIT_LEDGER}. */
    public static final String LEDGER_OUT = "audit-ledger";
    private static final Logger LOG = Logger.getLogger(LedgerRelay.class);

    private static final String UNPUBLISHED = "SELECT l.seq, l.event_id, l.type, l.topic, l.store_id, l.bundle, l.repo,"
            + " l.commit_sha, l.actor, l.source, l.event_time, l.recorded_at, l.payload::text AS payload, l.prev_hash,"
            + " l.hash, l.prev_store_hash, l.store_hash FROM ledger l"
            + " WHERE l.seq > (SELECT published_seq FROM ledger_relay WHERE id = 1) ORDER BY l.seq LIMIT $1";
    private static final String MOVE_WATERMARK = "UPDATE ledger_relay SET published_seq = $1 WHERE id = 1 AND published_seq < $1";

    private final Pool pool;
    private final MutinyEmitter<String> out;
    private final AuditLogConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
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
        return pool.preparedQuery(UNPUBLISHED).execute(Tuple.of(config.relayBatch())).chain(rows -> {
            var sends = new ArrayList<Uni<Void>>();
            long last = 0;
            for (var row : rows) {
                sends.add(send(row));
                last = row.getLong("seq");
            }
            if (sends.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            long watermark = last;
            return Uni.join().all(sends).andFailFast()
                    .chain(() -> pool.preparedQuery(MOVE_WATERMARK).execute(Tuple.of(watermark)))
                    .replaceWith(sends.size());
        });
    }

    private Uni<Void> send(Row r) {
        var value = new LinkedHashMap<String, Object>();
        value.put("seq", r.getLong("seq"));
        value.put("hash", r.getString("hash"));
        value.put("prevHash", r.getString("prev_hash"));
        value.put("storeHash", r.getString("store_hash"));
        value.put("prevStoreHash", r.getString("prev_store_hash"));
        value.put("eventId", r.getString("event_id"));
        value.put("type", r.getString("type"));
        value.put("topic", r.getString("topic"));
        value.put("storeId", r.getString("store_id"));
        value.put("bundle", r.getString("bundle"));
        value.put("repo", r.getString("repo"));
        value.put("commit", r.getString("commit_sha"));
        value.put("actor", r.getString("actor"));
        value.put("source", r.getString("source"));
        value.put("eventTime", r.getOffsetDateTime("event_time") == null ? null : r.getOffsetDateTime("event_time").toInstant().toString());
        value.put("recordedAt", r.getOffsetDateTime("recorded_at").toInstant().toString());
        // jsonb's text is JSON already: written as is, not parsed and re-encoded per row
        value.put("payload", new com.fasterxml.jackson.databind.util.RawValue(r.getString("payload")));
        var headers = new RecordHeaders();
        headers.add("seq", Long.toString(r.getLong("seq")).getBytes(StandardCharsets.UTF_8));
        headers.add("hash", r.getString("hash").getBytes(StandardCharsets.UTF_8));
        var key = r.getString("store_id") != null ? r.getString("store_id") : r.getString("event_id");
        var meta = OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build();
        return out.sendMessage(Message.of(EventCodec.encode(value), Metadata.of(meta)));
    }

    /** For tests: rows published so far. */
    public Uni<Long> publishedSeq() {
        return pool.query("SELECT published_seq FROM ledger_relay WHERE id = 1").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
