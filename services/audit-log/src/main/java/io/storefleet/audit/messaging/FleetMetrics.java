package io.storefleet.audit.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.storefleet.audit.config.AuditLogConfig;
import io.storefleet.audit.domain.LedgerRow;
import io.storefleet.model.BundleState;
import io.storefleet.model.EventCodec;
import io.storefleet.model.RolloutCompleted;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fleet-level figures on /q/metrics, read from the ledger's own views every {@code metrics-interval}:
 * {@code storefleet_fleet_stores{state}} (as v_stores_by_state: worst bundle, offline counted as Offline),
 * {@code storefleet_audit_ledger_head_seq} and {@code storefleet_audit_relay_lag} (rows not yet on
 * storefleet.audit.ledger); and {@code storefleet_rollout_duration_seconds{outcome}} from RolloutStarted to
 * RolloutCompleted, recorded when a new RolloutCompleted enters the ledger.
 */
@ApplicationScoped
public class FleetMetrics {
    private static final Logger LOG = Logger.getLogger(FleetMetrics.class);
    static final String STORES = "storefleet.fleet.stores";

    private static final String FIGURES = """
            SELECT (SELECT seq FROM ledger_head WHERE id = 1),
                   (SELECT published_seq FROM ledger_relay WHERE id = 1)""";
    private static final String ROLLOUT_STARTED = """
            SELECT min(event_time) FROM ledger
            WHERE type = 'RolloutStarted' AND payload ->> 'rolloutId' = $1""";

    private final Pool pool;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final AuditLogConfig config;
    private final Map<String, AtomicLong> byState = new ConcurrentHashMap<>();
    private final AtomicLong headSeq = new AtomicLong();
    private final AtomicLong relayLag = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long timer = -1;

    public FleetMetrics(Pool pool, Vertx vertx, MeterRegistry registry, AuditLogConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.registry = registry;
        this.config = config;
        for (var state : BundleState.values()) {
            gauge(state.name());
        }
        gauge("Offline");
        Gauge.builder("storefleet.audit.ledger.head.seq", headSeq, AtomicLong::get)
                .description("Rows in the ledger (its gap-free head seq)").register(registry);
        Gauge.builder("storefleet.audit.relay.lag", relayLag, AtomicLong::get)
                .description("Ledger rows not yet published to storefleet.audit.ledger").register(registry);
    }

    private void gauge(String state) {
        var value = byState.computeIfAbsent(state, s -> new AtomicLong());
        Gauge.builder(STORES, value, AtomicLong::get).tag("state", state)
                .description("Stores by rolled-up state (Offline: not connected)").register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        timer = vertx.setPeriodic(config.metricsInterval().toMillis(), id -> refresh());
        refresh();
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void refresh() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        update().subscribe().with(ok -> running.set(false), f -> {
            running.set(false);
            LOG.debugf("fleet metrics not refreshed: %s", f.getMessage());
        });
    }

    /** Reads the current figures once (tests call it instead of waiting for the timer). */
    public Uni<Void> update() {
        return pool.query("SELECT state, stores FROM v_stores_by_state").execute().chain(rows -> {
            var seen = new java.util.HashSet<String>();
            rows.forEach(r -> {
                var state = r.getString(0);
                if (!byState.containsKey(state)) {
                    gauge(state);
                }
                byState.get(state).set(r.getLong(1));
                seen.add(state);
            });
            byState.forEach((state, value) -> {
                if (!seen.contains(state)) {
                    value.set(0);
                }
            });
            return pool.query(FIGURES).execute();
        }).invoke(rows -> {
            var r = rows.iterator().next();
            long head = r.getLong(0);
            headSeq.set(head);
            relayLag.set(Math.max(0, head - r.getLong(1)));
        }).replaceWithVoid();
    }

    /** Called for every new ledger row after its commit; times rollouts that just completed. */
    void recorded(LedgerRow row) {
        if (!"RolloutCompleted".equals(row.type())) {
            return;
        }
        if (!(EventCodec.decode(row.payload()) instanceof RolloutCompleted done)) {
            return;
        }
        pool.preparedQuery(ROLLOUT_STARTED).execute(Tuple.of(done.rolloutId())).subscribe().with(rows -> {
            OffsetDateTime started = rows.iterator().next().getOffsetDateTime(0);
            if (started != null && done.meta().time() != null) {
                Timer.builder("storefleet.rollout.duration").tag("outcome", String.valueOf(done.outcome()))
                        .description("From RolloutStarted to RolloutCompleted").register(registry)
                        .record(Duration.between(started.toInstant(), done.meta().time()));
            }
        }, f -> LOG.debugf("rollout %s not timed: %s", done.rolloutId(), f.getMessage()));
    }
}
