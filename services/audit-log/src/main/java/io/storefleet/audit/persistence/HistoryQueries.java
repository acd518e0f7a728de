package io.storefleet.audit.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The audit questions, each a keyset page over seq (pass the last seq seen as afterSeq) served by an index:
 * a store's timeline (store_id, seq); who deployed what when (type, seq) bounded by recorded_at; what failed for a
 * commit (commit_sha, seq); which stores run a commit (store_bundle_view.applied_commit).
 */
@ApplicationScoped
public class HistoryQueries {
    /** Event types that record a deployment decision: a pushed commit (with its git author) and each planned/removed bundle. */
    public static final List<String> DEPLOYMENT_TYPES = List.of("CommitDetected", "BundleDeploymentPlanned",
            "BundleDeploymentRemoved");

    // Literal, not a parameter: it must imply the partial index's predicate (V8__deployments_index.sql).
    private static final String DEPLOYMENTS = "type IN ('CommitDetected', 'BundleDeploymentPlanned', 'BundleDeploymentRemoved')";

    private static final String COLUMNS = "seq, event_id, type, topic, store_id, bundle, repo, commit_sha, actor, "
            + "event_time, recorded_at, payload::text AS payload";

    // Failures: planning errors, any *Failed/WaveHalted event, and status reports with a bundle in ErrApplied.
    private static final String FAILED = "(type = 'PlanningFailed' OR type LIKE '%Failed' OR type = 'WaveHalted'"
            + " OR (type = 'StoreStatusReported' AND jsonb_path_exists(payload, '$.bundles[*] ? (@.state == \"ErrApplied\")')))";

    /** A store running (applied) a commit right now. */
    public record StoreOnCommit(String storeId, String bundle, String appliedDeploymentId, String state,
                                Instant updatedAt) {
    }

    private final Pool pool;

    public HistoryQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<LedgerEntry>> storeTimeline(String store, long afterSeq, int limit) {
        return entries("SELECT " + COLUMNS + " FROM ledger WHERE store_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                store, afterSeq, limit);
    }

    /** Deployment events recorded in [from, to) (null = open), keyset on seq. */
    public Uni<List<LedgerEntry>> deployments(Instant from, Instant to, long afterSeq, int limit) {
        return entries("SELECT " + COLUMNS + " FROM ledger WHERE " + DEPLOYMENTS + " AND seq > $1"
                        + " AND ($2::timestamptz IS NULL OR recorded_at >= $2) AND ($3::timestamptz IS NULL OR recorded_at < $3)"
                        + " ORDER BY seq LIMIT $4",
                afterSeq, utc(from), utc(to), limit);
    }

    public Uni<List<LedgerEntry>> failures(String commit, long afterSeq, int limit) {
        return entries("SELECT " + COLUMNS + " FROM ledger WHERE commit_sha = $1 AND seq > $2 AND " + FAILED
                + " ORDER BY seq LIMIT $3", commit, afterSeq, limit);
    }

    /**
     * What failed in rollout {@code rolloutId} ({@code <bundle>@<sha8>}): on its commit, the failures that concern its
     * bundle — its halted waves, planning failures of the bundle, and status reports with the bundle in ErrApplied.
     */
    public Uni<List<LedgerEntry>> rolloutFailures(String rolloutId, long afterSeq, int limit) {
        int at = rolloutId.lastIndexOf('@');
        var bundle = at > 0 ? rolloutId.substring(0, at) : rolloutId;
        return entries("SELECT " + COLUMNS + " FROM ledger WHERE commit_sha = (SELECT commit_sha FROM ledger"
                        + " WHERE type = 'RolloutStarted' AND payload ->> 'rolloutId' = $1 ORDER BY seq LIMIT 1)"
                        + " AND seq > $2 AND " + FAILED + " AND (payload ->> 'rolloutId' = $1 OR bundle = $4"
                        + " OR (bundle IS NULL AND type = 'StoreStatusReported' AND jsonb_path_exists(payload,"
                        + " '$.bundles[*] ? (@.bundle == $b && @.state == \"ErrApplied\")', jsonb_build_object('b', $4::text))))"
                        + " ORDER BY seq LIMIT $3", rolloutId, afterSeq, limit, bundle);
    }

    /** Stores whose applied commit of some bundle is {@code commit}, by store id (keyset on store id). */
    public Uni<List<StoreOnCommit>> storesOnCommit(String commit, String afterStore, int limit) {
        return pool.preparedQuery("SELECT store_id, bundle, applied_deployment_id, state, updated_at FROM store_bundle_view"
                        + " WHERE applied_commit = $1 AND store_id > $2 ORDER BY store_id, bundle LIMIT $3")
                .execute(Tuple.of(commit, afterStore == null ? "" : afterStore, limit))
                .map(rows -> {
                    var list = new ArrayList<StoreOnCommit>();
                    rows.forEach(r -> list.add(new StoreOnCommit(r.getString("store_id"), r.getString("bundle"),
                            r.getString("applied_deployment_id"), r.getString("state"),
                            instant(r.getOffsetDateTime("updated_at")))));
                    return list;
                });
    }

    private Uni<List<LedgerEntry>> entries(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(Arrays.asList(params))).map(HistoryQueries::toEntries);
    }

    private static List<LedgerEntry> toEntries(RowSet<Row> rows) {
        var list = new ArrayList<LedgerEntry>();
        for (var r : rows) {
            list.add(new LedgerEntry(r.getLong("seq"), r.getString("event_id"), r.getString("type"), r.getString("topic"),
                    r.getString("store_id"), r.getString("bundle"), r.getString("repo"), r.getString("commit_sha"),
                    r.getString("actor"), instant(r.getOffsetDateTime("event_time")),
                    instant(r.getOffsetDateTime("recorded_at")), r.getString("payload")));
        }
        return list;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
