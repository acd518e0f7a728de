package io.storefleet.audit.persistence;

import io.storefleet.model.LedgerChain;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads ledger rows with their chain columns, in seq order, a keyset page at a time. Blocking: for worker threads. */
@ApplicationScoped
public class LedgerChainReader {

    /** The chain's recorded tip. */
    public record Head(long seq, String hash) {
    }

    /** Every column of a ledger row, as {@link #links} reads them. */
    public static final String COLUMNS = "seq, event_id, type, topic, store_id, bundle, repo, commit_sha, actor, source, "
            + "event_time, recorded_at, payload::text AS payload, prev_hash, hash, prev_store_hash, store_hash";

    private final Pool pool;

    public LedgerChainReader(Pool pool) {
        this.pool = pool;
    }

    public Head head() {
        var row = pool.query("SELECT seq, hash FROM ledger_head WHERE id = 1").executeAndAwait().iterator().next();
        return new Head(row.getLong("seq"), row.getString("hash"));
    }

    /** Rows with afterSeq < seq <= upToSeq, at most limit. */
    public List<LedgerChain.Link> page(long afterSeq, long upToSeq, int limit) {
        return links(pool.preparedQuery("SELECT " + COLUMNS + " FROM ledger WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3")
                .executeAndAwait(Tuple.of(afterSeq, upToSeq, limit)));
    }

    /** One store's rows after afterSeq, recorded in [from, to) (either bound may be null), at most limit. */
    public List<LedgerChain.Link> storeSlice(String store, Instant from, Instant to, long afterSeq, int limit) {
        return links(pool.preparedQuery("SELECT " + COLUMNS + " FROM ledger WHERE store_id = $1 AND seq > $2"
                        + " AND ($3::timestamptz IS NULL OR recorded_at >= $3) AND ($4::timestamptz IS NULL OR recorded_at < $4)"
                        + " ORDER BY seq LIMIT $5")
                .executeAndAwait(Tuple.from(java.util.Arrays.asList(store, afterSeq, utc(from), utc(to), limit))));
    }

    /** Rows selected with {@link #COLUMNS} as chain links. */
    public static List<LedgerChain.Link> links(Iterable<Row> rows) {
        var links = new ArrayList<LedgerChain.Link>();
        for (var r : rows) {
            var entry = new LedgerChain.Entry(r.getLong("seq"), r.getString("event_id"), r.getString("type"),
                    r.getString("topic"), r.getString("store_id"), r.getString("bundle"), r.getString("repo"),
                    r.getString("commit_sha"), r.getString("actor"), r.getString("source"),
                    instant(r.getOffsetDateTime("event_time")), instant(r.getOffsetDateTime("recorded_at")),
                    r.getString("payload"));
            links.add(new LedgerChain.Link(entry, r.getString("prev_hash"), r.getString("hash"),
                    r.getString("prev_store_hash"), r.getString("store_hash")));
        }
        return links;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(java.time.ZoneOffset.UTC);
    }
}
