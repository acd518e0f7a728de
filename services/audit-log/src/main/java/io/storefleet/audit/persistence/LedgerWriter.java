package io.storefleet.audit.persistence;

import io.storefleet.audit.domain.LedgerRow;
import io.storefleet.audit.domain.ProjectionUpdate;
import io.storefleet.audit.domain.ProjectionUpdate.BundleReported;
import io.storefleet.audit.domain.ProjectionUpdate.DesiredRemoved;
import io.storefleet.audit.domain.ProjectionUpdate.DesiredSet;
import io.storefleet.audit.domain.ProjectionUpdate.StoreConnectivity;
import io.storefleet.audit.domain.ProjectionUpdate.StoreSeen;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Appends one event to the ledger and, only if it was new, applies its projection updates — one transaction,
 * so the view never counts an event the ledger lacks, and a redelivered event changes nothing.
 */
@ApplicationScoped
public class LedgerWriter {

    // The inner cast types the parameter as text: bound straight to jsonb, the pg client would store a JSON string.
    private static final String INSERT_LEDGER = """
            INSERT INTO ledger (event_id, type, topic, store_id, bundle, repo, commit_sha, actor, source, event_time, payload)
            VALUES (:eventId, :type, :topic, :storeId, :bundle, :repo, :commitSha, :actor, :source, :eventTime,
                    cast(cast(:payload AS text) AS jsonb))
            ON CONFLICT (event_id) DO NOTHING""";

    private static final String ENSURE_STORE = """
            INSERT INTO store_view (store_id) VALUES (:storeId) ON CONFLICT (store_id) DO NOTHING""";

    // GREATEST ignores NULL, and keeps last_seen from moving back when topics interleave out of order.
    private static final String STORE_SEEN = """
            INSERT INTO store_view (store_id, last_seen) VALUES (:storeId, :at)
            ON CONFLICT (store_id) DO UPDATE SET last_seen = GREATEST(store_view.last_seen, EXCLUDED.last_seen)""";

    private static final String STORE_CONNECTIVITY = """
            INSERT INTO store_view (store_id, online, last_seen) VALUES (:storeId, :online, :at)
            ON CONFLICT (store_id) DO UPDATE SET online = EXCLUDED.online,
                last_seen = GREATEST(store_view.last_seen, EXCLUDED.last_seen)""";

    private static final String DESIRED_SET = """
            INSERT INTO store_bundle_view (store_id, bundle, desired_deployment_id, desired_commit, updated_at)
            VALUES (:storeId, :bundle, :deploymentId, :commit, :at)
            ON CONFLICT (store_id, bundle) DO UPDATE SET desired_deployment_id = EXCLUDED.desired_deployment_id,
                desired_commit = EXCLUDED.desired_commit, updated_at = EXCLUDED.updated_at""";

    private static final String DESIRED_REMOVED = """
            DELETE FROM store_bundle_view WHERE store_id = :storeId AND bundle = :bundle""";

    private static final String BUNDLE_REPORTED = """
            INSERT INTO store_bundle_view (store_id, bundle, applied_deployment_id, applied_commit, state, message, updated_at)
            VALUES (:storeId, :bundle, :deploymentId, :commit, :state, :message, :at)
            ON CONFLICT (store_id, bundle) DO UPDATE SET applied_deployment_id = EXCLUDED.applied_deployment_id,
                applied_commit = EXCLUDED.applied_commit, state = EXCLUDED.state, message = EXCLUDED.message,
                updated_at = EXCLUDED.updated_at""";

    private final Mutiny.SessionFactory sessions;

    public LedgerWriter(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** @return true when the row was new (and the view updated), false when the event id was already recorded */
    public Uni<Boolean> append(LedgerRow row, List<ProjectionUpdate> updates) {
        return sessions.withTransaction((session, tx) -> insert(session, row).chain(inserted -> inserted
                ? applyAll(session, updates).replaceWith(true)
                : Uni.createFrom().item(false)));
    }

    private Uni<Boolean> insert(Mutiny.Session session, LedgerRow row) {
        return session.createNativeQuery(INSERT_LEDGER)
                .setParameter("eventId", row.eventId())
                .setParameter("type", row.type())
                .setParameter("topic", row.topic())
                .setParameter("storeId", row.storeId())
                .setParameter("bundle", row.bundle())
                .setParameter("repo", row.repo())
                .setParameter("commitSha", row.commitSha())
                .setParameter("actor", row.actor())
                .setParameter("source", row.source())
                .setParameter("eventTime", utc(row.eventTime()))
                .setParameter("payload", row.payload())
                .executeUpdate()
                .map(count -> count == 1);
    }

    private Uni<Void> applyAll(Mutiny.Session session, List<ProjectionUpdate> updates) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var update : updates) {
            chain = chain.chain(() -> apply(session, update));
        }
        return chain;
    }

    private Uni<Void> apply(Mutiny.Session session, ProjectionUpdate update) {
        if (update instanceof DesiredSet d) {
            return exec(session, ENSURE_STORE, update)
                    .chain(() -> session.createNativeQuery(DESIRED_SET)
                            .setParameter("storeId", d.storeId())
                            .setParameter("bundle", d.bundle())
                            .setParameter("deploymentId", d.deploymentId())
                            .setParameter("commit", d.commit())
                            .setParameter("at", utc(d.at()))
                            .executeUpdate().replaceWithVoid());
        }
        if (update instanceof DesiredRemoved r) {
            return exec(session, ENSURE_STORE, update)
                    .chain(() -> session.createNativeQuery(DESIRED_REMOVED)
                            .setParameter("storeId", r.storeId())
                            .setParameter("bundle", r.bundle())
                            .executeUpdate().replaceWithVoid());
        }
        if (update instanceof BundleReported b) {
            return session.createNativeQuery(BUNDLE_REPORTED)
                    .setParameter("storeId", b.storeId())
                    .setParameter("bundle", b.bundle())
                    .setParameter("deploymentId", b.deploymentId())
                    .setParameter("commit", b.commit())
                    .setParameter("state", b.state() == null ? null : b.state().name())
                    .setParameter("message", b.message())
                    .setParameter("at", utc(b.at()))
                    .executeUpdate().replaceWithVoid();
        }
        if (update instanceof StoreSeen s) {
            return session.createNativeQuery(STORE_SEEN)
                    .setParameter("storeId", s.storeId())
                    .setParameter("at", utc(s.at()))
                    .executeUpdate().replaceWithVoid();
        }
        if (update instanceof StoreConnectivity c) {
            return session.createNativeQuery(STORE_CONNECTIVITY)
                    .setParameter("storeId", c.storeId())
                    .setParameter("online", c.online())
                    .setParameter("at", utc(c.at()))
                    .executeUpdate().replaceWithVoid();
        }
        return Uni.createFrom().failure(new IllegalStateException("unknown projection update " + update));
    }

    private static Uni<Void> exec(Mutiny.Session session, String sql, ProjectionUpdate update) {
        return session.createNativeQuery(sql).setParameter("storeId", update.storeId()).executeUpdate().replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
