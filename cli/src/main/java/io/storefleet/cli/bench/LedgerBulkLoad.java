package io.storefleet.cli.bench;

import io.storefleet.infra.Postgres;
import io.storefleet.model.EventCodec;
import io.storefleet.model.LedgerChain;
import io.storefleet.model.StoreStatusReported;
import io.storefleet.model.Topics;
import org.postgresql.PGConnection;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench --ledger N --ledger-bulk}: the bench's N status reports written straight into an empty ledger with COPY,
 * for query latency at sizes that ingest through Kafka would take too long to reach. Each row is what audit-log writes
 * for that event — LedgerMapping's columns for a status report (store, its one bundle, the bundle's commit, actor =
 * source), the event as EventCodec encodes it, and both hash chains linked by {@link LedgerChain#link} — so
 * {@code verify} walks them like any ledger. Recorded times advance 50 ms per 1,000 rows (a 20,000 events/s ingest).
 * The chain heads and the fleet view are set to what ingesting the same events would leave; the reporting-stream
 * watermark is set past the rows (they are not published). The ledger's indexes are dropped for the copy and rebuilt
 * from their own definitions afterwards, in the same transaction.
 */
final class LedgerBulkLoad {
    private static final String COPY = "COPY ledger (seq, event_id, type, topic, store_id, bundle, repo, commit_sha, actor,"
            + " source, event_time, recorded_at, payload, prev_hash, hash, prev_store_hash, store_hash) FROM STDIN";

    private final String database;
    private final int events;
    private final int stores;
    private final PrintStream out;

    LedgerBulkLoad(String database, int events, int stores, PrintStream out) {
        this.database = database;
        this.events = events;
        this.stores = stores;
        this.out = out;
    }

    /** A store's last row and report: its chain head and what the fleet view shows. */
    private record Last(long seq, String storeHash, StoreStatusReported report) {
    }

    void run() throws Exception {
        try (var c = Postgres.connect(database)) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("SET maintenance_work_mem = '512MB'");
                st.execute("LOCK TABLE ledger IN ACCESS EXCLUSIVE MODE");
                try (var rs = st.executeQuery("SELECT count(*) FROM ledger")) {
                    rs.next();
                    if (rs.getLong(1) != 0) {
                        throw new IllegalStateException("the bulk load needs an empty ledger");
                    }
                }
            }
            var rebuild = dropIndexes(c);
            var last = copy(c);
            out.printf("  copied %,d rows; rebuilding %d indexes%n", events, rebuild.size());
            try (var st = c.createStatement()) {
                for (var ddl : rebuild) {
                    st.execute(ddl);
                }
            }
            heads(c, last);
            c.commit();
        }
    }

    /** @return the DDL that recreates the ledger's constraints' and other indexes, as they were */
    private static List<String> dropIndexes(Connection c) throws SQLException {
        var rebuild = new ArrayList<String>();
        var drop = new ArrayList<String>();
        try (var st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    + " WHERE conrelid = 'ledger'::regclass AND contype IN ('p', 'u')")) {
                while (rs.next()) {
                    drop.add("ALTER TABLE ledger DROP CONSTRAINT " + rs.getString(1));
                    rebuild.add("ALTER TABLE ledger ADD CONSTRAINT " + rs.getString(1) + " " + rs.getString(2));
                }
            }
            try (var rs = st.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                    + " AND tablename = 'ledger' AND indexname NOT IN (SELECT conname FROM pg_constraint"
                    + " WHERE conrelid = 'ledger'::regclass)")) {
                while (rs.next()) {
                    drop.add("DROP INDEX " + rs.getString(1));
                    rebuild.add(rs.getString(2));
                }
            }
            for (var ddl : drop) {
                st.execute(ddl);
            }
        }
        return rebuild;
    }

    private Map<String, Last> copy(Connection c) throws Exception {
        var copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        var base = Instant.now().minus(Duration.ofHours(2));
        var recordedBase = Instant.now().minusMillis(events / 1000L * 50);
        var last = new HashMap<String, Last>();
        var fleetHead = LedgerChain.GENESIS;
        var buf = new StringBuilder(1 << 20);
        try {
            for (int i = 0; i < events; i++) {
                long seq = i + 1;
                var event = LedgerBench.event(i, stores, base);
                var bundle = event.bundles().get(0);
                var payload = EventCodec.encode(event);
                var source = event.meta().source();
                var entry = new LedgerChain.Entry(seq, event.meta().id(), event.type(), Topics.STORE_STATUS,
                        event.storeId(), bundle.bundle(), null, bundle.commit(), source, source,
                        LedgerChain.micros(event.meta().time()),
                        LedgerChain.micros(recordedBase.plusMillis(i / 1000 * 50L)), payload);
                var prev = last.get(event.storeId());
                var link = LedgerChain.link(entry, fleetHead, prev == null ? null : prev.storeHash());
                fleetHead = link.hash();
                last.put(event.storeId(), new Last(seq, link.storeHash(), event));
                row(buf, entry, link);
                if (buf.length() > (1 << 20) - 4096) {
                    var bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    buf.setLength(0);
                }
                if (seq % 1_000_000 == 0) {
                    out.printf("  %,d rows (load %s)%n", seq, Bench.loadAverage());
                }
            }
            var bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        last.put(null, new Last(events, fleetHead, null)); // the fleet head
        return last;
    }

    /** One row in COPY's text format. */
    private static void row(StringBuilder b, LedgerChain.Entry e, LedgerChain.Link link) {
        b.append(e.seq());
        for (var v : new String[]{e.eventId(), e.type(), e.topic(), e.storeId(), e.bundle(), e.repo(), e.commit(),
                e.actor(), e.source(), e.eventTime().toString(), e.recordedAt().toString(), e.payload(), link.prevHash(),
                link.hash(), link.prevStoreHash(), link.storeHash()}) {
            b.append('\t');
            if (v == null) {
                b.append("\\N");
                continue;
            }
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                switch (ch) {
                    case '\\' -> b.append("\\\\");
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    default -> b.append(ch);
                }
            }
        }
        b.append('\n');
    }

    /** Chain heads, fleet view and relay watermark as ingesting the same events leaves them. */
    private void heads(Connection c, Map<String, Last> last) throws SQLException {
        var fleet = last.remove(null);
        try (var head = c.prepareStatement("UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1");
             var relay = c.prepareStatement("UPDATE ledger_relay SET published_seq = ? WHERE id = 1")) {
            head.setLong(1, fleet.seq());
            head.setString(2, fleet.storeHash());
            head.executeUpdate();
            relay.setLong(1, fleet.seq());
            relay.executeUpdate();
        }
        try (var storeView = c.prepareStatement("INSERT INTO store_view (store_id, last_seen) VALUES (?, ?)");
             var bundleView = c.prepareStatement("INSERT INTO store_bundle_view (store_id, bundle, applied_deployment_id,"
                     + " applied_commit, state, message, updated_at, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (var e : last.entrySet()) {
                var report = e.getValue().report();
                var at = report.meta().time().atOffset(ZoneOffset.UTC);
                storeView.setString(1, e.getKey());
                storeView.setObject(2, at);
                storeView.addBatch();
                var b = report.bundles().get(0);
                bundleView.setString(1, e.getKey());
                bundleView.setString(2, b.bundle());
                bundleView.setString(3, b.deploymentId());
                bundleView.setString(4, b.commit());
                bundleView.setString(5, b.state().name());
                bundleView.setString(6, b.message());
                bundleView.setObject(7, at);
                bundleView.setObject(8, at);
                bundleView.addBatch();
            }
            storeView.executeBatch();
            bundleView.executeBatch();
        }
    }
}
