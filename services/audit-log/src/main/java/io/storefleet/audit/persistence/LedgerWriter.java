package io.storefleet.audit.persistence;

import io.smallrye.mutiny.Uni;
import io.storefleet.audit.domain.LedgerRow;
import io.storefleet.audit.domain.ProjectionUpdate;
import io.storefleet.audit.domain.ProjectionUpdate.BundleReported;
import io.storefleet.audit.domain.ProjectionUpdate.DesiredRemoved;
import io.storefleet.audit.domain.ProjectionUpdate.DesiredSet;
import io.storefleet.audit.domain.ProjectionUpdate.StoreConnectivity;
import io.storefleet.audit.domain.ProjectionUpdate.StoreSeen;
import io.storefleet.model.LedgerChain;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends events to the hash-chained ledger and, only for new ones, applies their projection updates — one
 * transaction per batch, so the view never counts an event the ledger lacks, and a redelivered event changes nothing.
 *
 * <p>Appends are serialised by {@code SELECT … FOR UPDATE} on the single {@code ledger_head} row: the writer hands
 * out seq (gap-free) and links each row behind the fleet head and its store's head ({@link LedgerChain}). A batch
 * costs a fixed number of round trips (lock, duplicate check, store heads, then every write pipelined), not one per
 * event. Uses the reactive pg client directly: it batches and pipelines, Hibernate Reactive's native queries don't.
 */
@ApplicationScoped
public class LedgerWriter {

    /** One event to record: its ledger columns and what it changes in the fleet view. */
    public record Pending(LedgerRow row, List<ProjectionUpdate> updates) {
    }

    private static final String LOCK_HEAD = "SELECT seq, hash FROM ledger_head WHERE id = 1 FOR UPDATE";
    private static final String EXISTING = "SELECT event_id FROM ledger WHERE event_id = ANY($1)";
    private static final String STORE_HEADS = "SELECT store_id, hash FROM ledger_store_head WHERE store_id = ANY($1)";

    // $13::text::jsonb: bound straight to jsonb, a String would be stored as a JSON string.
    private static final String INSERT_LEDGER = """
            INSERT INTO ledger (seq, event_id, type, topic, store_id, bundle, repo, commit_sha, actor, source, event_time,
                                recorded_at, payload, prev_hash, hash, prev_store_hash, store_hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text::jsonb, $14, $15, $16, $17)""";

    private static final String UPDATE_HEAD = "UPDATE ledger_head SET seq = $1, hash = $2 WHERE id = 1";

    private static final String UPSERT_STORE_HEAD = """
            INSERT INTO ledger_store_head (store_id, seq, hash) VALUES ($1, $2, $3)
            ON CONFLICT (store_id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash""";

    private static final String ENSURE_STORE = """
            INSERT INTO store_view (store_id) VALUES ($1) ON CONFLICT (store_id) DO NOTHING""";

    // GREATEST ignores NULL, and keeps last_seen from moving back when topics interleave out of order.
    private static final String STORE_SEEN = """
            INSERT INTO store_view (store_id, last_seen) VALUES ($1, $2)
            ON CONFLICT (store_id) DO UPDATE SET last_seen = GREATEST(store_view.last_seen, EXCLUDED.last_seen)""";

    private static final String STORE_CONNECTIVITY = """
            INSERT INTO store_view (store_id, online, last_seen) VALUES ($1, $2, $3)
            ON CONFLICT (store_id) DO UPDATE SET online = EXCLUDED.online,
                last_seen = GREATEST(store_view.last_seen, EXCLUDED.last_seen)""";

    private static final String DESIRED_SET = """
            INSERT INTO store_bundle_view (store_id, bundle, desired_deployment_id, desired_commit, updated_at)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (store_id, bundle) DO UPDATE SET desired_deployment_id = EXCLUDED.desired_deployment_id,
                desired_commit = EXCLUDED.desired_commit, updated_at = EXCLUDED.updated_at""";

    private static final String DESIRED_REMOVED = """
            DELETE FROM store_bundle_view WHERE store_id = $1 AND bundle = $2""";

    // A report older than the one shown (redelivered late) is in the ledger but does not move the view back.
    private static final String BUNDLE_REPORTED = """
            INSERT INTO store_bundle_view (store_id, bundle, applied_deployment_id, applied_commit, state, message,
                updated_at, reported_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
            ON CONFLICT (store_id, bundle) DO UPDATE SET applied_deployment_id = EXCLUDED.applied_deployment_id,
                applied_commit = EXCLUDED.applied_commit, state = EXCLUDED.state, message = EXCLUDED.message,
                updated_at = EXCLUDED.updated_at, reported_at = EXCLUDED.reported_at
            WHERE store_bundle_view.reported_at IS NULL OR store_bundle_view.reported_at <= EXCLUDED.reported_at""";

    private final Pool pool;

    public LedgerWriter(Pool pool) {
        this.pool = pool;
    }

    /** @return true when the row was new (and the view updated), false when the event id was already recorded */
    public Uni<Boolean> append(LedgerRow row, List<ProjectionUpdate> updates) {
        return appendAll(List.of(new Pending(row, updates))).map(links -> links.get(0) != null);
    }

    /**
     * @return per pending event, in order: its chain link, or null when the event id was already recorded
     *         (earlier, or earlier in the same batch)
     */
    public Uni<List<LedgerChain.Link>> appendAll(List<Pending> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        var recordedAt = LedgerChain.micros(Instant.now());
        return pool.withTransaction(conn -> conn.query(LOCK_HEAD).execute().chain(head -> {
            var ids = batch.stream().map(p -> p.row().eventId()).toArray(String[]::new);
            var stores = batch.stream().map(p -> p.row().storeId()).filter(s -> s != null).distinct()
                    .toArray(String[]::new);
            return conn.preparedQuery(EXISTING).execute(Tuple.of(ids))
                    .chain(existing -> conn.preparedQuery(STORE_HEADS).execute(Tuple.of(stores))
                            .chain(storeHeads -> write(conn, batch, head.iterator().next(), existing, storeHeads,
                                    recordedAt)));
        }));
    }

    private Uni<List<LedgerChain.Link>> write(SqlConnection conn, List<Pending> batch, Row head,
                                              RowSet<Row> existing, RowSet<Row> storeHeadRows, Instant recordedAt) {
        var seen = new HashSet<String>();
        existing.forEach(r -> seen.add(r.getString("event_id")));
        Map<String, String> storeHeads = new HashMap<>();
        storeHeadRows.forEach(r -> storeHeads.put(r.getString("store_id"), r.getString("hash")));
        long seq = head.getLong("seq");
        var fleetHead = head.getString("hash");

        var links = new ArrayList<LedgerChain.Link>(batch.size());
        var inserts = new ArrayList<Tuple>();
        var newStoreHeads = new LinkedHashMap<String, Tuple>();
        var projections = new ArrayList<Stmt>();
        // last_seen only ever moves forward (GREATEST), so a batch's sightings fold into one per store.
        var seenStores = new LinkedHashMap<String, Instant>();
        for (var pending : batch) {
            var row = pending.row();
            if (!seen.add(row.eventId())) {
                links.add(null);
                continue;
            }
            seq++;
            var entry = new LedgerChain.Entry(seq, row.eventId(), row.type(), row.topic(), row.storeId(), row.bundle(),
                    row.repo(), row.commitSha(), row.actor(), row.source(), LedgerChain.micros(row.eventTime()),
                    recordedAt, row.payload());
            var link = LedgerChain.link(entry, fleetHead, storeHeads.get(row.storeId()));
            links.add(link);
            fleetHead = link.hash();
            if (row.storeId() != null) {
                storeHeads.put(row.storeId(), link.storeHash());
                newStoreHeads.put(row.storeId(), Tuple.of(row.storeId(), seq, link.storeHash()));
            }
            inserts.add(Tuple.from(java.util.Arrays.asList(seq, row.eventId(), row.type(), row.topic(), row.storeId(),
                    row.bundle(), row.repo(), row.commitSha(), row.actor(), row.source(), utc(entry.eventTime()),
                    utc(recordedAt), row.payload(), link.prevHash(), link.hash(), link.prevStoreHash(),
                    link.storeHash())));
            for (var update : pending.updates()) {
                if (update instanceof StoreSeen s) {
                    var old = seenStores.get(s.storeId());
                    if (!seenStores.containsKey(s.storeId()) || s.at() != null && (old == null || s.at().isAfter(old))) {
                        seenStores.put(s.storeId(), s.at());
                    }
                } else {
                    projections.addAll(statements(update));
                }
            }
        }
        if (inserts.isEmpty()) {
            return Uni.createFrom().item(links);
        }
        // Subscribed together, the statements pipeline on the one connection and still run in this order.
        var writes = new ArrayList<Uni<Void>>();
        writes.add(conn.preparedQuery(INSERT_LEDGER).executeBatch(inserts).replaceWithVoid());
        writes.add(conn.preparedQuery(UPDATE_HEAD).execute(Tuple.of(seq, fleetHead)).replaceWithVoid());
        if (!newStoreHeads.isEmpty()) {
            writes.add(conn.preparedQuery(UPSERT_STORE_HEAD).executeBatch(new ArrayList<>(newStoreHeads.values())).replaceWithVoid());
        }
        writes.addAll(executeRuns(conn, projections));
        if (!seenStores.isEmpty()) {
            writes.add(conn.preparedQuery(STORE_SEEN).executeBatch(seenStores.entrySet().stream()
                    .map(e -> Tuple.of(e.getKey(), utc(e.getValue()))).toList()).replaceWithVoid());
        }
        return Uni.join().all(writes).andFailFast().replaceWith(links);
    }

    /** One projection statement; runs of the same statement go to the server as one pipelined batch. */
    private record Stmt(String sql, Tuple params) {
        static Stmt of(String sql, Object... params) {
            return new Stmt(sql, Tuple.from(java.util.Arrays.asList(params)));
        }
    }

    private static List<Stmt> statements(ProjectionUpdate update) {
        if (update instanceof DesiredSet d) {
            return List.of(Stmt.of(ENSURE_STORE, d.storeId()),
                    Stmt.of(DESIRED_SET, d.storeId(), d.bundle(), d.deploymentId(), d.commit(), utc(d.at())));
        }
        if (update instanceof DesiredRemoved r) {
            return List.of(Stmt.of(ENSURE_STORE, r.storeId()), Stmt.of(DESIRED_REMOVED, r.storeId(), r.bundle()));
        }
        if (update instanceof BundleReported b) {
            return List.of(Stmt.of(BUNDLE_REPORTED, b.storeId(), b.bundle(), b.deploymentId(), b.commit(),
                    b.state() == null ? null : b.state().name(), b.message(), utc(b.at())));
        }
        if (update instanceof StoreConnectivity c) {
            return List.of(Stmt.of(STORE_CONNECTIVITY, c.storeId(), c.online(), utc(c.at())));
        }
        throw new IllegalStateException("unknown projection update " + update);
    }

    private static List<Uni<Void>> executeRuns(SqlConnection conn, List<Stmt> statements) {
        var unis = new ArrayList<Uni<Void>>();
        int i = 0;
        while (i < statements.size()) {
            var sql = statements.get(i).sql();
            var run = new ArrayList<Tuple>();
            while (i < statements.size() && statements.get(i).sql().equals(sql)) {
                run.add(statements.get(i++).params());
            }
            unis.add(run.size() == 1 ? conn.preparedQuery(sql).execute(run.get(0)).replaceWithVoid()
                    : conn.preparedQuery(sql).executeBatch(run).replaceWithVoid());
        }
        return unis;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
