package io.storefleet.audit.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the ledger with native SQL: the jsonb payload comes back as text, exactly as stored. */
@ApplicationScoped
public class LedgerQueries {

    private static final String COLUMNS = "seq, event_id, type, topic, store_id, bundle, repo, commit_sha, actor, "
            + "event_time, recorded_at, cast(payload AS text)";

    private final Mutiny.SessionFactory sessions;

    public LedgerQueries(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<List<LedgerEntry>> find(LedgerFilter filter, int limit) {
        var params = new LinkedHashMap<String, Object>();
        var sql = "SELECT " + COLUMNS + " FROM ledger" + where(filter, params) + " ORDER BY seq";
        return sessions.withSession(session -> {
            var query = session.createNativeQuery(sql, Object[].class).setMaxResults(limit);
            params.forEach(query::setParameter);
            return query.getResultList();
        }).map(rows -> rows.stream().map(LedgerQueries::toEntry).toList());
    }

    public Uni<Long> count(LedgerFilter filter) {
        var params = new LinkedHashMap<String, Object>();
        var sql = "SELECT count(*) FROM ledger" + where(filter, params);
        return sessions.withSession(session -> {
            var query = session.createNativeQuery(sql, Long.class);
            params.forEach(query::setParameter);
            return query.getSingleResult();
        });
    }

    private static String where(LedgerFilter f, Map<String, Object> params) {
        var clauses = new ArrayList<String>();
        if (f.type() != null) {
            clauses.add("type = :type");
            params.put("type", f.type());
        }
        if (f.storeId() != null) {
            clauses.add("store_id = :storeId");
            params.put("storeId", f.storeId());
        }
        if (f.commitSha() != null) {
            clauses.add("commit_sha = :commitSha");
            params.put("commitSha", f.commitSha());
        }
        if (f.afterSeq() != null) {
            clauses.add("seq > :afterSeq");
            params.put("afterSeq", f.afterSeq());
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    private static LedgerEntry toEntry(Object[] r) {
        return new LedgerEntry(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                (String) r[4], (String) r[5], (String) r[6], (String) r[7], (String) r[8], instant(r[9]),
                instant(r[10]), (String) r[11]);
    }

    // The driver's Java type for timestamptz is not part of any contract; accept the usual ones.
    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.util.Date d) {
            return d.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
