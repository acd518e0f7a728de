package io.storefleet.audit.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.storefleet.audit.config.AuditLogConfig;
import io.storefleet.audit.domain.Notifications;
import io.storefleet.model.EventCodec;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Posts Slack-compatible messages ({"text": …}) to the configured webhook: new WaveHalted / PlanningFailed ledger
 * entries (EventRecorder calls {@link #notify}) and stores offline longer than offline-after (checked periodically,
 * once per offline episode). Best effort: a failed post is logged and counted, the ledger is never held back by it.
 */
@ApplicationScoped
public class WebhookNotifier {
    private static final Logger LOG = Logger.getLogger(WebhookNotifier.class);
    static final String SENT = "storefleet.audit.notifications";

    private static final String LONG_OFFLINE = """
            SELECT s.store_id, s.last_seen FROM store_view s
            LEFT JOIN offline_notified n ON n.store_id = s.store_id
            WHERE NOT s.online AND s.last_seen < $1
              AND (n.store_id IS NULL OR n.last_seen IS DISTINCT FROM s.last_seen)
            ORDER BY s.store_id LIMIT 500""";
    private static final String MARK = """
            INSERT INTO offline_notified (store_id, last_seen) VALUES ($1, $2)
            ON CONFLICT (store_id) DO UPDATE SET last_seen = EXCLUDED.last_seen""";

    private final AuditLogConfig config;
    private final Pool pool;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final java.util.concurrent.atomic.AtomicBoolean checking = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile long timer = -1;

    public WebhookNotifier(AuditLogConfig config, Pool pool, Vertx vertx, MeterRegistry registry) {
        this.config = config;
        this.pool = pool;
        this.vertx = vertx;
        this.registry = registry;
    }

    void start(@Observes StartupEvent ignored) {
        if (config.webhookUrl().isPresent()) {
            // one round at a time: a round still posting must not let the next one see the store as unnotified
            timer = vertx.setPeriodic(config.offlineCheckInterval().toMillis(), id -> {
                if (checking.compareAndSet(false, true)) {
                    checkOffline().subscribe().with(n -> checking.set(false), f -> {
                        checking.set(false);
                        LOG.warnf("offline check failed: %s", f.getMessage());
                    });
                }
            });
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Fire and forget. */
    public void notify(String text) {
        post(text);
    }

    /** @return stores notified in this round */
    public Uni<Integer> checkOffline() {
        if (config.webhookUrl().isEmpty()) {
            return Uni.createFrom().item(0);
        }
        var now = Instant.now();
        var cutoff = now.minus(config.offlineAfter()).atOffset(java.time.ZoneOffset.UTC);
        return pool.preparedQuery(LONG_OFFLINE).execute(Tuple.of(cutoff)).chain(rows -> {
            var marks = new ArrayList<Uni<Void>>();
            for (var r : rows) {
                var store = r.getString("store_id");
                OffsetDateTime lastSeen = r.getOffsetDateTime("last_seen");
                marks.add(Uni.createFrom().completionStage(post(Notifications.offline(store, lastSeen.toInstant(), now)))
                        .chain(() -> pool.preparedQuery(MARK).execute(Tuple.of(store, lastSeen)).replaceWithVoid()));
            }
            return marks.isEmpty() ? Uni.createFrom().item(0)
                    : Uni.join().all(marks).andCollectFailures().replaceWith(marks.size());
        });
    }

    private CompletableFuture<Void> post(String text) {
        var url = config.webhookUrl();
        if (url.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        var request = HttpRequest.newBuilder(url.get()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EventCodec.encode(Map.of("text", text)))).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            var ok = failure == null && response.statusCode() / 100 == 2;
            registry.counter(SENT, "outcome", ok ? "sent" : "failed").increment();
            if (!ok) {
                LOG.warnf("webhook post failed: %s", failure != null ? failure.getMessage() : "HTTP " + response.statusCode());
                throw new IllegalStateException("webhook post failed");
            }
            return null;
        });
    }
}
