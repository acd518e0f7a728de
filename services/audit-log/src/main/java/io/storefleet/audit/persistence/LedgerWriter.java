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
 * out seq (gap-free) and links each row behind the fleet head and its store's tip ({@link LedgerChain}): the tip is the
 * store's newest row, remembered from this instance's own last batches ({@link StoreTips}) or read from the ledger. A
 * batch costs a fixed number of round trips (lock, duplicate check, unknown tips, then every write pipelined), not one
 * per event. Uses the reactive pg client directly: it batches and pipelines, Hibernate Reactive's native queries don't.
 */
@ApplicationScoped
public class LedgerWriter {

    /** One event to record: its ledger columns and what it changes in the fleet view. */
    public record Pending(LedgerRow row, List<ProjectionUpdate> updates) {
    }

    private static final String LOCK_HEAD = "SELECT seq, hash FROM ledger_head WHERE id = 1 FOR UPDATE";
    private static final String EXISTING = "SELECT event_id FROM ledger WHERE event_id = ANY($1)";
    // A store's chain tip is its newest row: one backward step on ledger_store_seq_idx per store not in memory.
    private static final String STORE_TIPS = """
            SELECT t.store_id, t.store_hash FROM unnest($1::text[]) AS s(id)
            CROSS JOIN LATERAL (SELECT store_id, store_hash FROM ledger WHERE store_id = s.id ORDER BY seq DESC LIMIT 1) t""";

    // One statement per batch: the rows travel as one array per column (a single Bind, one plan) rather than one
    // Bind/Execute per row. recorded_at is the batch's; payload goes as text and is cast per row (a String bound to
    // jsonb would be stored as a JSON string).
    private static final String INSERT_LEDGER = """
            INSERT INTO ledger (seq, event_id, type, topic, store_id, bundle, repo, commit_sha, actor, source, event_time,
                                recorded_at, payload, prev_hash, hash, prev_store_hash, store_hash)
            SELECT u.seq, u.event_id, u.type, u.topic, u.store_id, u.bundle, u.repo, u.commit_sha, u.actor, u.source,
                   u.event_time, $12, u.payload::jsonb, u.prev_hash, u.hash, u.prev_store_hash, u.store_hash
            FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                        $9::text[], $10::text[], $11::timestamptz[], $13::text[], $14::text[], $15::text[], $16::text[],
                        $17::text[])
                 AS u(seq, event_id, type, topic, store_id, bundle, repo, commit_sha, actor, source, event_time, payload,
                      prev_hash, hash, prev_store_hash, store_hash)""";

    private static final String UPDATE_HEAD = "UPDATE ledger_head SET seq = $1, hash = $2 WHERE id = 1";

    private static final String ENSURE_STORE = """
            INSERT INTO store_view (store_id) VALUES ($1) ON CONFLICT (store_id) DO NOTHING""";

    // GREATEST ignores NULL, and keeps last_seen from moving back when topics interleave out of order.
    private static final String STORE_SEEN = """
            INSERT INTO store_view (store_id, last_seen) SELECT * FROM unnest($1::text[], $2::timestamptz[])
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

    // BUNDLE_REPORTED for a run of reports folded to one per (store, bundle): the same rows, one statement.
    private static final String BUNDLE_REPORTED_ALL = """
            INSERT INTO store_bundle_view (store_id, bundle, applied_deployment_id, applied_commit, state, message,
                updated_at, reported_at)
            SELECT u.s, u.b, u.d, u.c, u.st, u.m, u.at, u.at
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
                 AS u(s, b, d, c, st, m, at)
            ON CONFLICT (store_id, bundle) DO UPDATE SET applied_deployment_id = EXCLUDED.applied_deployment_id,
                applied_commit = EXCLUDED.applied_commit, state = EXCLUDED.state, message = EXCLUDED.message,
                updated_at = EXCLUDED.updated_at, reported_at = EXCLUDED.reported_at
            WHERE store_bundle_view.reported_at IS NULL OR store_bundle_view.reported_at <= EXCLUDED.reported_at""";

    static final int MAX_CACHED_TIPS = 200_000;

    private final Pool pool;
    private final StoreTips tips = new StoreTips(MAX_CACHED_TIPS);

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
        return Uni.createFrom().deferred(() -> appendAll(prepare(batch)));
    }

    /** A batch with every row's canonical text drafted, ready for {@link #appendAll(Prepared)}. */
    public record Prepared(List<Pending> batch, List<LedgerChain.Draft> drafts, Instant recordedAt) {
    }

    /**
     * The costly part of an append that needs no lock: each row's canonical text, seq left open (set under the lock).
     * recorded_at is taken here, when the service took the batch in.
     */
    public static Prepared prepare(List<Pending> batch) {
        var recordedAt = LedgerChain.micros(Instant.now());
        var drafts = new ArrayList<LedgerChain.Draft>(batch.size());
        for (var pending : batch) {
            var row = pending.row();
            drafts.add(LedgerChain.draft(new LedgerChain.Entry(0, row.eventId(), row.type(), row.topic(), row.storeId(),
                    row.bundle(), row.repo(), row.commitSha(), row.actor(), row.source(),
                    LedgerChain.micros(row.eventTime()), recordedAt, row.payload())));
        }
        return new Prepared(batch, drafts, recordedAt);
    }

    /** {@link #appendAll(List)} for a prepared batch; each (re)subscription is a fresh attempt. */
    public Uni<List<LedgerChain.Link>> appendAll(Prepared prepared) {
        if (prepared.batch().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().deferred(() -> appendOnce(prepared.batch(), prepared.drafts(), prepared.recordedAt()));
    }

    private Uni<List<LedgerChain.Link>> appendOnce(List<Pending> batch, List<LedgerChain.Draft> drafts,
                                                    Instant recordedAt) {
        return pool.withTransaction(conn -> conn.query(LOCK_HEAD).execute().chain(headRows -> {
            var head = headRows.iterator().next();
            var ids = batch.stream().map(p -> p.row().eventId()).toArray(String[]::new);
            var stores = batch.stream().map(p -> p.row().storeId()).filter(s -> s != null).distinct().toList();
            Map<String, String> storeHeads = new HashMap<>();
            var unknown = tips.lookup(head.getString("hash"), stores, storeHeads);
            return conn.preparedQuery(EXISTING).execute(Tuple.of(ids))
                    .chain(existing -> (unknown.isEmpty() ? Uni.createFrom().item((RowSet<Row>) null)
                            : conn.preparedQuery(STORE_TIPS).execute(Tuple.of(unknown.toArray(String[]::new))))
                            .chain(read -> {
                                if (read != null) {
                                    read.forEach(r -> storeHeads.put(r.getString(0), r.getString(1)));
                                }
                                return write(conn, batch, drafts, head, existing, storeHeads, recordedAt);
                            }));
        }));
    }

    private Uni<List<LedgerChain.Link>> write(SqlConnection conn, List<Pending> batch, List<LedgerChain.Draft> drafts,
                                              Row head, RowSet<Row> existing, Map<String, String> storeHeads,
                                              Instant recordedAt) {
        var seen = new HashSet<String>();
        existing.forEach(r -> seen.add(r.getString("event_id")));
        long seq = head.getLong("seq");
        var fromHash = head.getString("hash");
        var fleetHead = fromHash;

        var links = new ArrayList<LedgerChain.Link>(batch.size());
        var rows = new Columns(batch.size());
        var projections = new ArrayList<Stmt>();
        // last_seen only ever moves forward (GREATEST), so a batch's sightings fold into one per store.
        var seenStores = new LinkedHashMap<String, Instant>();
        for (int i = 0; i < batch.size(); i++) {
            var pending = batch.get(i);
            var row = pending.row();
            if (!seen.add(row.eventId())) {
                links.add(null);
                continue;
            }
            seq++;
            var link = LedgerChain.link(drafts.get(i), seq, fleetHead, storeHeads.get(row.storeId()));
            links.add(link);
            fleetHead = link.hash();
            if (row.storeId() != null) {
                storeHeads.put(row.storeId(), link.storeHash());
            }
            rows.add(link.entry(), link);
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
        // the tips after this batch, for the next one (StoreTips checks by the head it finds that this one committed)
        tips.stage(fromHash, fleetHead, storeHeads);
        if (rows.size() == 0) {
            return Uni.createFrom().item(links);
        }
        // Subscribed together, the statements pipeline on the one connection and still run in this order.
        var writes = new ArrayList<Uni<Void>>();
        writes.add(conn.preparedQuery(INSERT_LEDGER).execute(rows.tuple(utc(recordedAt))).replaceWithVoid());
        writes.add(conn.preparedQuery(UPDATE_HEAD).execute(Tuple.of(seq, fleetHead)).replaceWithVoid());
        writes.addAll(executeRuns(conn, projections));
        if (!seenStores.isEmpty()) {
            writes.add(conn.preparedQuery(STORE_SEEN).execute(Tuple.of(
                    seenStores.keySet().toArray(String[]::new),
                    seenStores.values().stream().map(LedgerWriter::utc).toArray(OffsetDateTime[]::new))).replaceWithVoid());
        }
        return Uni.join().all(writes).andFailFast().replaceWith(links);
    }

    /** The batch's new ledger rows as one array per column, bound to {@link #INSERT_LEDGER}. */
    private static final class Columns {
        private final List<Long> seq;
        private final List<String>[] text;
        private final List<OffsetDateTime> eventTime;

        @SuppressWarnings("unchecked")
        Columns(int capacity) {
            seq = new ArrayList<>(capacity);
            eventTime = new ArrayList<>(capacity);
            text = new List[15];
            for (int i = 0; i < text.length; i++) {
                text[i] = new ArrayList<>(capacity);
            }
        }

        void add(LedgerChain.Entry e, LedgerChain.Link link) {
            seq.add(e.seq());
            eventTime.add(utc(e.eventTime()));
            var values = new String[]{e.eventId(), e.type(), e.topic(), e.storeId(), e.bundle(), e.repo(), e.commit(),
                    e.actor(), e.source(), e.payload(), link.prevHash(), link.hash(), link.prevStoreHash(),
                    link.storeHash()};
            for (int i = 0; i < values.length; i++) {
                text[i].add(values[i]);
            }
        }

        int size() {
            return seq.size();
        }

        Tuple tuple(OffsetDateTime recordedAt) {
            var params = new ArrayList<Object>(17);
            params.add(seq.toArray(Long[]::new));
            for (int i = 0; i < 9; i++) { // event_id … source ($2–$10)
                params.add(text[i].toArray(String[]::new));
            }
            params.add(eventTime.toArray(OffsetDateTime[]::new)); // $11
            params.add(recordedAt); // $12
            for (int i = 9; i < 14; i++) { // payload, prev_hash, hash, prev_store_hash, store_hash ($13–$17)
                params.add(text[i].toArray(String[]::new));
            }
            return Tuple.from(params);
        }
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
            if (sql.equals(BUNDLE_REPORTED) && run.size() > 1) {
                var folded = foldReports(run);
                if (folded != null) {
                    unis.add(conn.preparedQuery(BUNDLE_REPORTED_ALL).execute(folded).replaceWithVoid());
                    continue;
                }
            }
            unis.add(run.size() == 1 ? conn.preparedQuery(sql).execute(run.get(0)).replaceWithVoid()
                    : conn.preparedQuery(sql).executeBatch(run).replaceWithVoid());
        }
        return unis;
    }

    /**
     * A run of reports applied one after another keeps, per (store, bundle), the last of those with the latest
     * report time (each applies only when not older than the one shown), so the run folds to that one report each.
     *
     * @return the folded run as column arrays for {@link #BUNDLE_REPORTED_ALL}; null when a report has no time (then
     *         the rows go one by one, as that rule needs)
     */
    static Tuple foldReports(List<Tuple> run) {
        var latest = new LinkedHashMap<List<String>, Tuple>();
        for (var t : run) {
            var at = t.getOffsetDateTime(6);
            if (at == null) {
                return null;
            }
            var key = java.util.Arrays.asList(t.getString(0), t.getString(1));
            var kept = latest.get(key);
            if (kept == null || !at.isBefore(kept.getOffsetDateTime(6))) {
                latest.put(key, t);
            }
        }
        var columns = new ArrayList<Object>(7);
        for (int c = 0; c < 6; c++) {
            int col = c;
            columns.add(latest.values().stream().map(t -> t.getString(col)).toArray(String[]::new));
        }
        columns.add(latest.values().stream().map(t -> t.getOffsetDateTime(6)).toArray(OffsetDateTime[]::new));
        return Tuple.from(columns);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
