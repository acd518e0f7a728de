package io.storefleet.audit.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.storefleet.audit.config.AuditLogConfig;
import io.storefleet.audit.persistence.LedgerChainReader;
import io.storefleet.model.LedgerChain;
import io.vertx.mutiny.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes committed ledger rows to {@code storefleet.audit.ledger} (the reporting stream). The ledger is its own
 * outbox (see V4__ledger_relay.sql): take the rows after the watermark, publish, wait for the acks, move the watermark.
 * At-least-once: the watermark moves only after the broker acknowledged every row of the round ({@link LedgerPublisher});
 * the key is the store (or the event id), the value carries seq and hash ({@link LedgerRecords}), so a consumer drops
 * repeats by seq and can check the chain itself.
 *
 * <p>The rows this instance has just committed are handed over by {@link EventRecorder} ({@link #committed}) and
 * published from memory when they continue the watermark, instead of being read back; anything else (rows another
 * instance wrote, rows from before a restart, a hand-over that was dropped because the relay fell behind) is read
 * from the ledger. Either way a row is published only after its transaction committed, in seq order.
 */
@ApplicationScoped
public class LedgerRelay {
    private static final Logger LOG = Logger.getLogger(LedgerRelay.class);

    private static final String WATERMARK = "SELECT published_seq FROM ledger_relay WHERE id = 1";
    private static final String UNPUBLISHED = "SELECT " + LedgerChainReader.COLUMNS
            + " FROM ledger WHERE seq > $1 ORDER BY seq LIMIT $2";
    private static final String MOVE_WATERMARK = "UPDATE ledger_relay SET published_seq = $1 WHERE id = 1 AND published_seq < $1";

    private final Pool pool;
    private final LedgerPublisher publisher;
    private final AuditLogConfig config;
    private final Vertx vertx;
    /** Where a round goes on once the broker acked it: not on the producer's network thread. */
    private final Context context;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Committed rows handed over by the recorder, in seq order; bounded (a relay far behind reads the ledger). */
    private final ConcurrentLinkedDeque<LedgerChain.Link> handedOver = new ConcurrentLinkedDeque<>();
    private final AtomicInteger handedOverSize = new AtomicInteger();
    private volatile long timer = -1;

    public LedgerRelay(Pool pool, LedgerPublisher publisher, AuditLogConfig config, Vertx vertx) {
        this.pool = pool;
        this.publisher = publisher;
        this.config = config;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
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
        return publishedSeq().chain(watermark -> {
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
        long watermark = links.get(links.size() - 1).entry().seq();
        return Uni.createFrom().completionStage(() -> publisher.publish(links))
                .emitOn(context::runOnContext)
                .chain(() -> pool.preparedQuery(MOVE_WATERMARK).execute(Tuple.of(watermark)))
                .replaceWith(links.size());
    }

    /** The watermark: rows up to this seq are on the reporting stream. */
    public Uni<Long> publishedSeq() {
        return pool.query(WATERMARK).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}
