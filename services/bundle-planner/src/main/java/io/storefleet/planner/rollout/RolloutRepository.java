package io.storefleet.planner.rollout;

import com.fasterxml.jackson.core.type.TypeReference;
import io.agroal.api.AgroalDataSource;
import io.storefleet.model.BundleState;
import io.storefleet.model.EventCodec;
import io.storefleet.model.RolloutWave;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JDBC access to {@code rollouts} and {@code rollout_targets}; the caller owns the connection and its transaction. */
@ApplicationScoped
public class RolloutRepository {
    private static final String COLUMNS = "id, repo, repo_url, bundle, commit_sha, previous_sha, state, maintenance_window, bake_ms, "
            + "ready_deadline_ms, halt_on_failure, auto_rollback, waves, current_wave, wave_started, ready_since, message, created_at";
    private static final String TARGET_COLUMNS = "rollout_id, store_id, bundle, wave, deployment_id, previous_deployment_id, event, "
            + "released_at, held_reason, state, message, reported_at, rolled_back";
    private final AgroalDataSource dataSource;

    public RolloutRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public boolean insert(Connection c, RolloutRow r) throws SQLException {
        try (var s = c.prepareStatement("INSERT INTO rollouts (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                + "ON CONFLICT (id) DO NOTHING")) {
            s.setString(1, r.id());
            s.setString(2, r.repo());
            s.setString(3, r.repoUrl());
            s.setString(4, r.bundle());
            s.setString(5, r.commit());
            s.setString(6, r.previousSha());
            s.setString(7, r.state());
            s.setString(8, r.window());
            s.setLong(9, r.bake().toMillis());
            s.setLong(10, r.readyDeadline().toMillis());
            s.setString(11, r.haltOnFailure());
            s.setBoolean(12, r.autoRollback());
            s.setString(13, EventCodec.encode(r.waves()));
            s.setInt(14, r.currentWave());
            s.setBoolean(15, r.waveStarted());
            s.setTimestamp(16, ts(r.readySince()));
            s.setString(17, r.message());
            s.setTimestamp(18, ts(r.createdAt()));
            return s.executeUpdate() == 1;
        }
    }

    public void insertTargets(Connection c, Collection<TargetRow> targets) throws SQLException {
        try (var s = c.prepareStatement("INSERT INTO rollout_targets (" + TARGET_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
                + "ON CONFLICT DO NOTHING")) {
            for (var t : targets) {
                bind(s, t);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void bind(java.sql.PreparedStatement s, TargetRow t) throws SQLException {
        s.setString(1, t.rolloutId());
        s.setString(2, t.storeId());
        s.setString(3, t.bundle());
        s.setInt(4, t.wave());
        s.setString(5, t.deploymentId());
        s.setString(6, t.previousDeploymentId());
        s.setString(7, t.event());
        s.setTimestamp(8, ts(t.releasedAt()));
        s.setString(9, t.heldReason());
        s.setString(10, t.state() == null ? null : t.state().name());
        s.setString(11, t.message());
        s.setTimestamp(12, ts(t.reportedAt()));
        s.setBoolean(13, t.rolledBack());
    }

    /** The rollout, locked for this transaction; empty when another instance holds it (or it does not exist). */
    public Optional<RolloutRow> lock(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM rollouts WHERE id = ? FOR UPDATE SKIP LOCKED", id);
    }

    /** Waits for the lock: operator commands must not be skipped. */
    public Optional<RolloutRow> lockWait(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM rollouts WHERE id = ? FOR UPDATE", id);
    }

    public Optional<RolloutRow> find(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM rollouts WHERE id = ?", id);
    }

    public List<String> ids(Connection c, String state) throws SQLException {
        try (var s = c.prepareStatement("SELECT id FROM rollouts WHERE state = ? ORDER BY created_at")) {
            s.setString(1, state);
            try (var rows = s.executeQuery()) {
                var ids = new ArrayList<String>();
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
                return ids;
            }
        }
    }

    public List<RolloutRow> recent(Connection c, int limit) throws SQLException {
        try (var s = c.prepareStatement("SELECT " + COLUMNS + " FROM rollouts ORDER BY created_at DESC LIMIT ?")) {
            s.setInt(1, limit);
            return list(s, RolloutRepository::row);
        }
    }

    /** Running or paused rollouts of the repo. */
    public List<RolloutRow> active(Connection c, String repo) throws SQLException {
        try (var s = c.prepareStatement("SELECT " + COLUMNS + " FROM rollouts WHERE state IN ('Running', 'Paused') AND repo = ?")) {
            s.setString(1, repo);
            return list(s, RolloutRepository::row);
        }
    }

    /**
     * The newest rollout of each bundle of the repo that still holds stores back (Running, Paused or Halted), locked
     * until the caller commits (waits for a tick holding it): a store joining it cannot race the wave it joins.
     */
    public List<RolloutRow> holding(Connection c, String repo) throws SQLException {
        try (var s = c.prepareStatement("SELECT " + COLUMNS + " FROM rollouts r WHERE repo = ? AND state IN ('Running', 'Paused', 'Halted') "
                + "AND NOT EXISTS (SELECT 1 FROM rollouts n WHERE n.repo = r.repo AND n.bundle = r.bundle AND n.created_at > r.created_at) "
                + "ORDER BY id FOR UPDATE")) {
            s.setString(1, repo);
            return list(s, RolloutRepository::row);
        }
    }

    /** The store's target row of the rollout, if it has one. */
    public Optional<TargetRow> target(Connection c, String rolloutId, String storeId) throws SQLException {
        try (var s = c.prepareStatement("SELECT " + TARGET_COLUMNS + " FROM rollout_targets WHERE rollout_id = ? AND store_id = ?")) {
            s.setString(1, rolloutId);
            s.setString(2, storeId);
            try (var rows = s.executeQuery()) {
                return rows.next() ? Optional.of(target(rows)) : Optional.empty();
            }
        }
    }

    /** A store placed into a rollout mid-way, or placed again (relabelled) while it is still held. */
    public void join(Connection c, TargetRow t) throws SQLException {
        try (var s = c.prepareStatement("INSERT INTO rollout_targets (" + TARGET_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
                + "ON CONFLICT (rollout_id, store_id) DO UPDATE SET wave = excluded.wave, deployment_id = excluded.deployment_id, "
                + "event = excluded.event, state = NULL, message = NULL, reported_at = NULL WHERE rollout_targets.released_at IS NULL")) {
            bind(s, t);
            s.executeUpdate();
        }
    }

    /** A store that left the bundle (or the inventory) is not released later: its held row goes. */
    public int dropHeld(Connection c, String rolloutId, String storeId) throws SQLException {
        try (var s = c.prepareStatement("DELETE FROM rollout_targets WHERE rollout_id = ? AND store_id = ? AND released_at IS NULL")) {
            s.setString(1, rolloutId);
            s.setString(2, storeId);
            return s.executeUpdate();
        }
    }

    public List<TargetRow> targets(Connection c, String rolloutId) throws SQLException {
        try (var s = c.prepareStatement("SELECT " + TARGET_COLUMNS + " FROM rollout_targets WHERE rollout_id = ? ORDER BY wave, store_id")) {
            s.setString(1, rolloutId);
            return list(s, RolloutRepository::target);
        }
    }

    public void update(Connection c, RolloutRow r) throws SQLException {
        try (var s = c.prepareStatement("UPDATE rollouts SET state = ?, current_wave = ?, wave_started = ?, ready_since = ?, message = ?, "
                + "updated_at = now() WHERE id = ?")) {
            s.setString(1, r.state());
            s.setInt(2, r.currentWave());
            s.setBoolean(3, r.waveStarted());
            s.setTimestamp(4, ts(r.readySince()));
            s.setString(5, r.message());
            s.setString(6, r.id());
            s.executeUpdate();
        }
    }

    public void released(Connection c, String rolloutId, Collection<String> stores, Instant at) throws SQLException {
        try (var s = c.prepareStatement("UPDATE rollout_targets SET released_at = ?, held_reason = NULL WHERE rollout_id = ? AND store_id = ?")) {
            for (var store : stores) {
                s.setTimestamp(1, ts(at));
                s.setString(2, rolloutId);
                s.setString(3, store);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    public void held(Connection c, String rolloutId, Map<String, String> reasons) throws SQLException {
        try (var s = c.prepareStatement("UPDATE rollout_targets SET held_reason = ? WHERE rollout_id = ? AND store_id = ? "
                + "AND held_reason IS DISTINCT FROM ?")) {
            for (var e : reasons.entrySet()) {
                s.setString(1, e.getValue());
                s.setString(2, rolloutId);
                s.setString(3, e.getKey());
                s.setString(4, e.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    public void rolledBack(Connection c, String rolloutId, Collection<String> stores) throws SQLException {
        try (var s = c.prepareStatement("UPDATE rollout_targets SET rolled_back = true WHERE rollout_id = ? AND store_id = ?")) {
            for (var store : stores) {
                s.setString(1, rolloutId);
                s.setString(2, store);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** A store's report about the rollout's deployment; reports about other deployment ids do not touch the row. */
    public int reported(Connection c, String storeId, String bundle, String deploymentId, BundleState state, String message,
                        Instant at) throws SQLException {
        try (var s = c.prepareStatement("UPDATE rollout_targets t SET state = ?, message = ?, reported_at = ? FROM rollouts r "
                + "WHERE r.id = t.rollout_id AND r.state IN ('Running', 'Paused', 'Halted') AND t.store_id = ? AND t.bundle = ? "
                + "AND t.deployment_id = ? AND (t.reported_at IS NULL OR t.reported_at <= ?)")) {
            s.setString(1, state.name());
            s.setString(2, message);
            s.setTimestamp(3, ts(at));
            s.setString(4, storeId);
            s.setString(5, bundle);
            s.setString(6, deploymentId);
            s.setTimestamp(7, ts(at));
            return s.executeUpdate();
        }
    }

    /** timezone, opening_hours, freeze_periods of the stores, from the inventory. */
    public Map<String, String[]> windows(Connection c, Collection<String> storeIds) throws SQLException {
        var out = new java.util.HashMap<String, String[]>();
        try (var s = c.prepareStatement("SELECT id, timezone, opening_hours, freeze_periods FROM stores WHERE id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", storeIds.toArray()));
            try (var rows = s.executeQuery()) {
                while (rows.next()) {
                    out.put(rows.getString(1), new String[]{rows.getString(2), rows.getString(3), rows.getString(4)});
                }
            }
        }
        return out;
    }

    private static Optional<RolloutRow> one(Connection c, String sql, String id) throws SQLException {
        try (var s = c.prepareStatement(sql)) {
            s.setString(1, id);
            var rows = list(s, RolloutRepository::row);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    private interface RowMapper<T> {
        T map(ResultSet r) throws SQLException;
    }

    private static <T> List<T> list(java.sql.PreparedStatement s, RowMapper<T> mapper) throws SQLException {
        try (var rows = s.executeQuery()) {
            var list = new ArrayList<T>();
            while (rows.next()) {
                list.add(mapper.map(rows));
            }
            return list;
        }
    }

    private static RolloutRow row(ResultSet r) throws SQLException {
        List<RolloutWave> waves;
        try {
            waves = EventCodec.mapper().readValue(r.getString(13), new TypeReference<>() {
            });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("rollout " + r.getString(1) + " has unreadable waves: " + e.getOriginalMessage(), e);
        }
        return new RolloutRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6),
                r.getString(7), r.getString(8), Duration.ofMillis(r.getLong(9)), Duration.ofMillis(r.getLong(10)), r.getString(11),
                r.getBoolean(12), waves, r.getInt(14), r.getBoolean(15), instant(r.getTimestamp(16)), r.getString(17),
                instant(r.getTimestamp(18)));
    }

    private static TargetRow target(ResultSet r) throws SQLException {
        var state = r.getString(10);
        return new TargetRow(r.getString(1), r.getString(2), r.getString(3), r.getInt(4), r.getString(5), r.getString(6),
                r.getString(7), instant(r.getTimestamp(8)), r.getString(9), state == null ? null : BundleState.valueOf(state),
                r.getString(11), instant(r.getTimestamp(12)), r.getBoolean(13));
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
