package io.storefleet.planner.rollout;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleState;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.RolloutCompleted;
import io.storefleet.model.RolloutControlled;
import io.storefleet.model.RolloutStarted;
import io.storefleet.model.RolloutWave;
import io.storefleet.model.StoreStatusReported;
import io.storefleet.model.WaveHalted;
import io.storefleet.model.WaveStarted;
import io.storefleet.planner.domain.CommitPlan;
import io.storefleet.planner.domain.DeploymentPlanner;
import io.storefleet.planner.domain.DeploymentSigner;
import io.storefleet.planner.domain.PlannedState;
import io.storefleet.planner.domain.SpecException;
import io.storefleet.planner.domain.TargetStore;
import io.storefleet.planner.domain.rollout.LateStore;
import io.storefleet.planner.domain.rollout.MaintenanceMode;
import io.storefleet.planner.domain.rollout.MaintenanceWindow;
import io.storefleet.planner.domain.rollout.Quantity;
import io.storefleet.planner.domain.rollout.RolloutGate;
import io.storefleet.planner.domain.rollout.RolloutSpec;
import io.storefleet.planner.domain.rollout.Wave;
import io.storefleet.planner.domain.rollout.WavePlanner;
import io.storefleet.planner.persistence.PlannedDeployments;
import io.storefleet.planner.inventory.InventoryUnavailableException;
import io.storefleet.planner.service.PlannedCommit;
import io.storefleet.planner.service.StorePlanner;
import io.storefleet.planner.signing.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Staged rollouts: a commit's deployments of a bundle with a rollout spec are held in {@code rollout_targets} instead
 * of being sent, and {@link #tick} releases them wave by wave as {@link RolloutGate} decides. State lives in Postgres
 * only; every step takes its rollout's row with {@code FOR UPDATE SKIP LOCKED}, sends, records and commits, so any
 * number of planner instances can tick and a restart continues where the last commit left off (a step that sent but
 * did not commit is sent again with the same event ids).
 */
@ApplicationScoped
public class RolloutService {
    private static final Logger LOG = Logger.getLogger(RolloutService.class);

    private final RolloutRepository repo;
    private final RolloutSender sender;
    private final PreviousDeployments previous;
    private final PlannedDeployments planned;
    private final SigningKeys keys;
    private final RolloutClock clock;

    /** What staging did to one commit's plan. */
    /** @param superseded running rollouts of bundles this commit changes again (or removes): they stop here */
    public record Staged(PlannedCommit planned, List<FleetEvent> events, List<Draft> drafts, List<String> superseded) {
    }

    public record Draft(RolloutRow row, List<TargetRow> targets) {
    }

    public RolloutService(RolloutRepository repo, RolloutSender sender, PreviousDeployments previous, PlannedDeployments planned,
                          SigningKeys keys, RolloutClock clock) {
        this.repo = repo;
        this.sender = sender;
        this.previous = previous;
        this.planned = planned;
        this.keys = keys;
        this.clock = clock;
    }

    public static String rolloutId(String bundle, String sha) {
        return bundle + "@" + (sha.length() > 8 ? sha.substring(0, 8) : sha);
    }

    /** Takes the deployments of staged bundles out of the plan; the rest goes out as before. */
    public Staged stage(PlannedCommit p) {
        if (p.abort() != null || p.plan().deployments().isEmpty() && p.plan().removals().isEmpty()) {
            return new Staged(p, List.of(), List.of(), List.of());
        }
        var now = clock.instant();
        var sha = p.commit().sha();
        var events = new ArrayList<FleetEvent>();
        // a running rollout of a bundle this commit changes (staged or not) or removes must not release its older deployments
        var changed = new java.util.HashSet<String>();
        p.plan().deployments().forEach(d -> changed.add(d.bundle()));
        p.plan().removals().forEach(r -> changed.add(r.bundle()));
        var superseded = new ArrayList<String>();
        // a store an older rollout never reached still runs what it had before that one: bundle → store → that id
        var carried = new HashMap<String, Map<String, String>>();
        for (var old : inTransaction(c -> repo.active(c, p.commit().repo()))) {
            if (changed.contains(old.bundle()) && !old.id().equals(rolloutId(old.bundle(), sha))) {
                superseded.add(old.id());
                var oldTargets = inTransaction(c -> repo.targets(c, old.id()));
                oldTargets.stream().filter(t -> t.releasedAt() == null)
                        .forEach(t -> carried.computeIfAbsent(old.bundle(), b -> new HashMap<>()).put(t.storeId(), t.previousDeploymentId()));
                // stopped before this commit's deployments go out (waits for a tick holding the row): the older rollout
                // cannot release an older deployment after a newer one
                inTransaction(c -> {
                    var locked = repo.lockWait(c, old.id());
                    if (locked.isPresent() && locked.get().active()) {
                        repo.update(c, withState(locked.get(), RolloutRow.SUPERSEDED, "superseded by commit " + sha.substring(0, 8)));
                    }
                    return null;
                });
                events.add(new RolloutCompleted(meta(old.id(), "completed", now), old.id(), old.repo(), old.commit(), old.bundle(),
                        RolloutRow.SUPERSEDED, (int) oldTargets.stream().filter(t -> t.releasedAt() != null).count()));
            }
        }
        var held = p.plan().deployments().stream().filter(d -> p.rollouts().containsKey(d.bundle()))
                .collect(Collectors.groupingBy(BundleDeploymentPlanned::bundle, LinkedHashMap::new, Collectors.toList()));
        if (held.isEmpty()) {
            return new Staged(p, events, List.of(), superseded);
        }
        String previousSha;
        try {
            previousSha = planned.commits().stream().filter(c -> c.repo().equals(p.commit().repo())).map(PlannedDeployments.PlannedCommitRow::sha)
                    .findFirst().orElse(null);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read planned_commits: " + e.getMessage(), e);
        }
        var signer = new DeploymentSigner(keys.privateKey());
        var stores = p.stores().stream().collect(Collectors.toMap(TargetStore::id, s -> s, (a, b) -> a));
        var drafts = new ArrayList<Draft>();
        for (var entry : held.entrySet()) {
            var bundle = entry.getKey();
            var spec = p.rollouts().get(bundle);
            var id = rolloutId(bundle, sha);
            var targets = entry.getValue().stream()
                    .map(d -> stores.getOrDefault(d.storeId(), new TargetStore(d.storeId(), null, null, null, Map.of()))).toList();
            List<Wave> waves;
            try {
                waves = WavePlanner.plan(spec, targets, p.groups());
            } catch (SpecException e) {
                LOG.warnf("rollout %s: %s; one wave for every store", id, e.getMessage());
                waves = List.of(new Wave(0, "all", targets.stream().map(TargetStore::id).sorted().toList(), 0));
            }
            var waveOf = new HashMap<String, Wave>();
            waves.forEach(w -> w.stores().forEach(s -> waveOf.put(s, w)));
            var rows = new ArrayList<TargetRow>();
            for (var d : entry.getValue()) {
                var wave = waveOf.get(d.storeId());
                var signed = signer.sign(new BundleDeploymentPlanned(d.meta(), d.deploymentId(), d.storeId(), d.bundle(), d.repo(),
                        d.commit(), d.contentHash(), d.manifestsGz(), d.options(), wave.name(), null));
                var carriedOver = carried.getOrDefault(bundle, Map.of());
                var previousId = carriedOver.containsKey(d.storeId()) ? carriedOver.get(d.storeId())
                        : p.previous().get(new PlannedState.Key(d.storeId(), bundle));
                rows.add(new TargetRow(id, d.storeId(), bundle, wave.index(), d.deploymentId(), previousId, EventCodec.encode(signed),
                        null, null, null, null, null, false));
            }
            var rolloutWaves = waves.stream().map(w -> new RolloutWave(w.index(), w.name(), w.stores(), w.maxUnavailable())).toList();
            var row = new RolloutRow(id, p.commit().repo(), p.commit().repoUrl(), bundle, sha, previousSha, RolloutRow.RUNNING,
                    spec.window().label(), spec.bakeTime(), spec.readyDeadline(), spec.haltOnFailure().toString(), spec.autoRollback(),
                    rolloutWaves, 0, false, null, null, now);
            drafts.add(new Draft(row, rows));
            // sizes only: the store ids come per wave with WaveStarted, and from /api/rollouts/{id}
            events.add(new RolloutStarted(meta(id, "started", now), id, row.repo(), sha, bundle, row.window(), spec.bakeTime().toString(),
                    row.haltOnFailure(), row.autoRollback(), rolloutWaves.stream().map(RolloutWave::withoutStores).toList()));
        }
        var rest = p.plan().deployments().stream().filter(d -> !held.containsKey(d.bundle())).toList();
        var plan = p.plan();
        var filtered = new CommitPlan(rest, plan.removals(), plan.failures(), plan.bundles(), plan.stores(), plan.unchanged(),
                plan.renders(), plan.state(), plan.warnings());
        return new Staged(p.withPlan(filtered), events, drafts, superseded);
    }

    /**
     * A store change planned while a rollout of one of its bundles holds stores back: the store's deployment of that
     * bundle joins the rollout in the wave {@link LateStore} places it in (the tick releases it when that wave runs, at
     * once if it already ran; never while paused or halted) instead of going out now. A store that left a bundle loses
     * its held row, so it is not released later. Call under the planning lock, before the plan's events are sent.
     */
    public List<StorePlanner.StorePlan> join(List<StorePlanner.StorePlan> plans) throws InventoryUnavailableException {
        var out = new ArrayList<StorePlanner.StorePlan>();
        for (var p : plans) {
            if (p.plan().deployments().isEmpty() && p.plan().removals().isEmpty()) {
                out.add(p);
                continue;
            }
            try {
                out.add(inTransaction(c -> join(c, p)));
            } catch (IllegalStateException e) {
                // the planner's database is away: retried like an unreadable inventory
                throw new InventoryUnavailableException("cannot read the rollouts: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private StorePlanner.StorePlan join(Connection c, StorePlanner.StorePlan p) throws Exception {
        var rollouts = repo.holding(c, p.repo()).stream().collect(Collectors.toMap(RolloutRow::bundle, r -> r, (a, b) -> a));
        if (rollouts.isEmpty()) {
            return p;
        }
        for (var removal : p.plan().removals()) {
            var rollout = rollouts.get(removal.bundle());
            if (rollout != null && repo.dropHeld(c, rollout.id(), removal.storeId()) > 0) {
                LOG.infof("rollout %s: store %s left the bundle before its wave, no longer held", rollout.id(), removal.storeId());
            }
        }
        var signer = new DeploymentSigner(keys.privateKey());
        var send = new ArrayList<BundleDeploymentPlanned>();
        var state = new HashMap<>(p.plan().state());
        for (var d : p.plan().deployments()) {
            var rollout = rollouts.get(d.bundle());
            if (rollout == null || p.store() == null) {
                send.add(d);
                continue;
            }
            var existing = repo.target(c, rollout.id(), d.storeId());
            LateStore.Placement placement;
            try {
                placement = LateStore.place(p.rollouts().getOrDefault(d.bundle(), RolloutSpec.NONE),
                        rollout.waves().stream().map(RolloutWave::name).toList(), phase(rollout), rollout.currentWave(),
                        rollout.waveStarted(), p.store(), existing.map(t -> t.releasedAt() != null).orElse(false), p.groups());
            } catch (SpecException e) {
                LOG.warnf("rollout %s: %s; store %s joins the last wave", rollout.id(), e.getMessage(), d.storeId());
                var last = rollout.waves().size() - 1;
                placement = new LateStore.Placement(LateStore.Send.HOLD, last, rollout.waves().get(last).name());
            }
            if (placement.send() == LateStore.Send.DIRECT) {
                send.add(d);
                continue;
            }
            var key = new PlannedState.Key(d.storeId(), d.bundle());
            var signed = signer.sign(new BundleDeploymentPlanned(d.meta(), d.deploymentId(), d.storeId(), d.bundle(), d.repo(),
                    d.commit(), d.contentHash(), d.manifestsGz(), d.options(), placement.waveName(), null));
            var previousId = existing.map(TargetRow::previousDeploymentId).orElse(p.previous().get(key));
            repo.join(c, new TargetRow(rollout.id(), d.storeId(), d.bundle(), placement.wave(), d.deploymentId(), previousId,
                    EventCodec.encode(signed), null, null, null, null, null, false));
            if (RolloutRow.HALTED.equals(rollout.state())) {
                // as for the halted rollout's other held stores: the planner's record keeps what the store runs
                if (previousId == null) {
                    state.remove(key);
                } else {
                    state.put(key, previousId);
                }
            }
            LOG.infof("rollout %s: store %s joins wave %s (%s)", rollout.id(), d.storeId(), placement.waveName(),
                    placement.send() == LateStore.Send.RELEASE ? "released next tick" : "held until its wave runs");
        }
        var plan = p.plan();
        return p.withPlan(new CommitPlan(send, plan.removals(), plan.failures(), plan.bundles(), plan.stores(), plan.unchanged(),
                plan.renders(), state, plan.warnings()));
    }

    private static LateStore.Phase phase(RolloutRow row) {
        return switch (row.state()) {
            case RolloutRow.RUNNING -> LateStore.Phase.RUNNING;
            case RolloutRow.PAUSED -> LateStore.Phase.PAUSED;
            case RolloutRow.HALTED -> LateStore.Phase.HALTED;
            default -> LateStore.Phase.ENDED;
        };
    }

    /** Records the staged rollouts (after their RolloutStarted was acknowledged); supersedes older ones of the same bundle. */
    public void save(Staged staged) {
        if (staged.drafts().isEmpty()) {
            return;
        }
        inTransaction(c -> {
            for (var draft : staged.drafts()) {
                var row = draft.row();
                var targets = draft.targets();
                if (repo.insert(c, row)) {
                    repo.insertTargets(c, targets);
                    LOG.infof("rollout %s: %d stores in %d waves (%s), window %s", row.id(), targets.size(), row.waves().size(),
                            row.waves().stream().map(w -> w.name() + "=" + w.stores().size()).collect(Collectors.joining(", ")),
                            row.window());
                }
            }
            return null;
        });
    }

    /** Advances every running rollout this instance can lock. */
    public void tick() {
        List<String> ids = inTransaction(c -> repo.ids(c, RolloutRow.RUNNING));
        for (var id : ids) {
            try {
                inTransaction(c -> {
                    advance(c, id);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warnf("rollout %s: step failed, retried next tick: %s", id, e.getMessage());
            }
        }
    }

    private void advance(Connection c, String id) throws Exception {
        var locked = repo.lock(c, id);
        if (locked.isEmpty() || !RolloutRow.RUNNING.equals(locked.get().state())) {
            return;
        }
        var row = locked.get();
        var targets = repo.targets(c, id);
        var now = clock.instant();
        var events = new ArrayList<FleetEvent>();
        int cur = row.currentWave();
        var wave = row.waves().get(cur);
        boolean started = row.waveStarted();
        if (!started) {
            // a wave of more than WaveStarted.MAX_STORES is announced in parts, each record far below Kafka's 1 MB
            events.addAll(WaveStarted.parts(meta(id, "wave|" + cur + "|started", now), part -> meta(id, "wave|" + cur + "|started|" + part, now),
                    id, row.repo(), row.commit(), row.bundle(), cur, wave.name(),
                    targets.stream().filter(t -> t.wave() == cur).map(TargetRow::storeId).toList()));
            started = true;
        }
        var spec = spec(row);
        var unreleased = targets.stream().filter(t -> t.wave() <= cur && t.releasedAt() == null).toList();
        var windows = windows(c, row, unreleased, now);
        var current = targets.stream().filter(t -> t.wave() == cur)
                .map(t -> new RolloutGate.Target(t.storeId(), t.releasedAt(), t.state(), t.message())).toList();
        // the wave's stores are its target rows: stores that joined it mid-rollout count as much as the planned ones
        var step = RolloutGate.step(new Wave(wave.index(), wave.name(), current.stream().map(RolloutGate.Target::storeId).toList(),
                wave.maxUnavailable()),
                cur == row.waves().size() - 1, current, windows, row.readySince(), spec, now);
        RolloutRow next;
        if (step.halt()) {
            var released = targets.stream().filter(t -> t.releasedAt() != null && !t.rolledBack()).toList();
            var rolledBack = new ArrayList<String>();
            if (row.autoRollback() && !released.isEmpty()) {
                var currentState = PreviousDeployments.current(released);
                var plan = previous.plan(row, currentState, "rollback|" + id, now);
                events.addAll(plan.deployments());
                events.addAll(plan.removals());
                released.forEach(t -> rolledBack.add(t.storeId()));
                repo.rolledBack(c, id, rolledBack);
                planned.save(row.repo(), row.previousSha() == null ? row.commit() : row.previousSha(), currentState, plan.state());
            }
            resetUnreleased(row, targets);
            events.add(new WaveHalted(meta(id, "wave|" + cur + "|halted", now), id, row.repo(), row.commit(), row.bundle(), cur,
                    wave.name(), step.failures(), rolledBack, step.haltReason()));
            next = new RolloutRow(row.id(), row.repo(), row.repoUrl(), row.bundle(), row.commit(), row.previousSha(), RolloutRow.HALTED,
                    row.window(), row.bake(), row.readyDeadline(), row.haltOnFailure(), row.autoRollback(), row.waves(), cur, started,
                    null, step.haltReason() + (rolledBack.isEmpty() ? "" : "; rolled back " + rolledBack.size() + " stores"), row.createdAt());
            LOG.warnf("rollout %s halted in wave %s: %s", id, wave.name(), next.message());
        } else {
            var release = new ArrayList<>(step.release());
            var heldReasons = new HashMap<>(step.held());
            // stores of earlier waves that were held by their window go as soon as it opens
            for (var t : unreleased) {
                if (t.wave() < cur) {
                    if (windows.get(t.storeId()) instanceof MaintenanceWindow.Closed closed) {
                        heldReasons.put(t.storeId(), closed.reason());
                    } else {
                        release.add(t.storeId());
                    }
                }
            }
            var byStore = targets.stream().collect(Collectors.toMap(TargetRow::storeId, t -> t));
            for (var store : release) {
                events.add(EventCodec.decode(byStore.get(store).event()));
            }
            repo.released(c, id, release, now);
            repo.held(c, id, heldReasons);
            int wave2 = cur;
            var readySince = step.readySince();
            var state = RolloutRow.RUNNING;
            String message = heldReasons.isEmpty() ? null : heldReasons.size() + " stores waiting for their window";
            if (step.advance()) {
                wave2 = cur + 1;
                started = false;
                readySince = null;
            }
            long stillHeld = targets.stream().filter(t -> t.releasedAt() == null && !release.contains(t.storeId())).count();
            if (step.complete() && stillHeld == 0) {
                state = RolloutRow.COMPLETED;
                message = null;
                events.add(new RolloutCompleted(meta(id, "completed", now), id, row.repo(), row.commit(), row.bundle(),
                        RolloutRow.COMPLETED, targets.size()));
                LOG.infof("rollout %s completed: %d stores", id, targets.size());
            }
            next = new RolloutRow(row.id(), row.repo(), row.repoUrl(), row.bundle(), row.commit(), row.previousSha(), state, row.window(),
                    row.bake(), row.readyDeadline(), row.haltOnFailure(), row.autoRollback(), row.waves(), wave2, started, readySince,
                    message, row.createdAt());
        }
        // sent inside the transaction: a crash before the commit re-sends the same event ids, which consumers dedupe
        sender.sendAndWait(events);
        repo.update(c, next);
    }

    /** What the stores reported for a rollout's deployment id; reports about anything else change nothing. */
    public void onStatus(StoreStatusReported status) {
        if (status.bundles() == null || status.bundles().isEmpty()) {
            return;
        }
        inTransaction(c -> {
            for (var b : status.bundles()) {
                if (b.deploymentId() != null && b.state() != null) {
                    repo.reported(c, status.storeId(), b.bundle(), b.deploymentId(), b.state(), b.message(), status.meta().time());
                }
            }
            return null;
        });
    }

    /** pause | resume | abort; empty when there is no such rollout. */
    public Optional<RolloutView> control(String id, String action, String operator) {
        return inTransaction(c -> {
            var locked = repo.lockWait(c, id);
            if (locked.isEmpty()) {
                return Optional.<RolloutView>empty();
            }
            var row = locked.get();
            var now = clock.instant();
            switch (action) {
                case "pause" -> {
                    require(row, RolloutRow.RUNNING.equals(row.state()), "only a Running rollout can be paused");
                    repo.update(c, withState(row, RolloutRow.PAUSED, "paused by " + operator));
                    controlled(row, RolloutControlled.Action.PAUSE, operator, now);
                }
                case "resume" -> {
                    var targets = repo.targets(c, id);
                    require(row, RolloutRow.PAUSED.equals(row.state()) || (RolloutRow.HALTED.equals(row.state())
                            && targets.stream().noneMatch(TargetRow::rolledBack)), "only a Paused, or a Halted and not rolled back, rollout can be resumed");
                    repo.update(c, withState(row, RolloutRow.RUNNING, null));
                    controlled(row, RolloutControlled.Action.RESUME, operator, now);
                    LOG.infof("rollout %s resumed by %s", id, operator);
                }
                case "abort" -> {
                    require(row, row.active() || RolloutRow.HALTED.equals(row.state()), "the rollout already ended");
                    var targets = repo.targets(c, id);
                    resetUnreleased(row, targets);
                    repo.update(c, withState(row, RolloutRow.ABORTED, "aborted by " + operator));
                    controlled(row, RolloutControlled.Action.ABORT, operator, now);
                    sender.sendAndWait(List.of(new RolloutCompleted(meta(id, "completed", now), id, row.repo(), row.commit(), row.bundle(),
                            RolloutRow.ABORTED, (int) targets.stream().filter(t -> t.releasedAt() != null).count())));
                }
                default -> throw new IllegalArgumentException("unknown action " + action + " (pause, resume, abort)");
            }
            if (!"resume".equals(action)) {
                LOG.infof("rollout %s: %s by %s", id, action, operator);
            }
            return Optional.of(view(row.id(), c));
        });
    }

    /**
     * The ledger's record of who did it, sent after the row changed and before the transaction commits: a failed send
     * rolls the action back. The id names the rollout, action and instant, so a re-send of this action dedupes while a
     * later pause of the same rollout is a new entry.
     */
    private void controlled(RolloutRow row, RolloutControlled.Action action, String operator, Instant now) {
        sender.sendAndWait(List.of(new RolloutControlled(meta(row.id(), "control|" + action + "|" + now, now), row.id(), row.repo(),
                row.commit(), row.bundle(), action, operator)));
    }

    public Optional<RolloutView> view(String id) {
        return inTransaction(c -> repo.find(c, id).isEmpty() ? Optional.<RolloutView>empty() : Optional.of(view(id, c)));
    }

    public List<RolloutView> recent(int limit) {
        return inTransaction(c -> {
            var views = new ArrayList<RolloutView>();
            for (var row : repo.recent(c, limit)) {
                views.add(view(row.id(), c));
            }
            return views;
        });
    }

    private RolloutView view(String id, Connection c) throws SQLException {
        var row = repo.find(c, id).orElseThrow();
        var targets = repo.targets(c, id);
        var waves = new ArrayList<RolloutView.WaveView>();
        for (var w : row.waves()) {
            var ts = targets.stream().filter(t -> t.wave() == w.index()).toList();
            int released = 0;
            int ready = 0;
            int failed = 0;
            int pending = 0;
            var lines = new ArrayList<RolloutView.StoreLine>();
            for (var t : ts) {
                String status;
                if (t.releasedAt() == null) {
                    pending++;
                    status = t.heldReason() != null ? "Pending (" + t.heldReason() + ")" : "Waiting";
                } else {
                    released++;
                    var s = t.state() == null ? BundleState.WaitApplied : t.state();
                    ready += s == BundleState.Ready ? 1 : 0;
                    failed += s == BundleState.ErrApplied ? 1 : 0;
                    status = s.name() + (t.message() == null || t.message().isBlank() || s == BundleState.Ready ? "" : ": " + t.message());
                }
                lines.add(new RolloutView.StoreLine(t.storeId(), status, t.rolledBack()));
            }
            String waveStatus;
            if (w.index() < row.currentWave() || RolloutRow.COMPLETED.equals(row.state())) {
                waveStatus = "Done";
            } else if (w.index() > row.currentWave() || !row.waveStarted()) {
                waveStatus = "Waiting";
            } else if (RolloutRow.HALTED.equals(row.state())) {
                waveStatus = "Halted";
            } else {
                waveStatus = row.readySince() != null ? "Baking" : "Running";
            }
            waves.add(new RolloutView.WaveView(w.index(), w.name(), waveStatus, ts.size(), released, ready, failed, pending, lines));
        }
        return new RolloutView(row.id(), row.repo(), row.bundle(), row.commit(), row.state(), row.window(), row.currentWave(),
                row.message(), row.createdAt(), waves);
    }

    /** Stores the rollout never reached keep what they had: the planner's record goes back to their previous deployment. */
    private void resetUnreleased(RolloutRow row, List<TargetRow> targets) throws SQLException {
        var before = new HashMap<PlannedState.Key, String>();
        var after = new HashMap<PlannedState.Key, String>();
        for (var t : targets) {
            if (t.releasedAt() == null) {
                var key = new PlannedState.Key(t.storeId(), t.bundle());
                before.put(key, t.deploymentId());
                if (t.previousDeploymentId() != null) {
                    after.put(key, t.previousDeploymentId());
                }
            }
        }
        if (!before.isEmpty()) {
            planned.save(row.repo(), row.previousSha() == null ? row.commit() : row.previousSha(), before, after);
        }
    }

    private Map<String, MaintenanceWindow.Decision> windows(Connection c, RolloutRow row, List<TargetRow> unreleased, Instant now)
            throws SQLException {
        if (!MaintenanceMode.store_hours_closed.label().equals(row.window()) || unreleased.isEmpty()) {
            return Map.of();
        }
        var inventory = repo.windows(c, unreleased.stream().map(TargetRow::storeId).toList());
        var decisions = new HashMap<String, MaintenanceWindow.Decision>();
        for (var t : unreleased) {
            var w = inventory.get(t.storeId());
            if (w == null) {
                continue; // not in the inventory (any more): nothing to protect
            }
            try {
                decisions.put(t.storeId(), MaintenanceWindow.of(w[0], w[1], w[2]).at(now));
            } catch (IllegalArgumentException e) {
                // unreadable hours must not open the window during trading hours
                decisions.put(t.storeId(), new MaintenanceWindow.Closed(null, "inventory: " + e.getMessage()));
            }
        }
        return decisions;
    }

    private static RolloutSpec spec(RolloutRow row) {
        return new RolloutSpec(true, null, null, List.of(), null, row.bake(), Quantity.parse(row.haltOnFailure()), row.autoRollback(),
                MaintenanceMode.parse(row.window()), row.readyDeadline());
    }

    private static RolloutRow withState(RolloutRow r, String state, String message) {
        return new RolloutRow(r.id(), r.repo(), r.repoUrl(), r.bundle(), r.commit(), r.previousSha(), state, r.window(), r.bake(),
                r.readyDeadline(), r.haltOnFailure(), r.autoRollback(), r.waves(), r.currentWave(), r.waveStarted(),
                RolloutRow.RUNNING.equals(state) ? null : r.readySince(), message, r.createdAt());
    }

    private static void require(RolloutRow row, boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException("rollout " + row.id() + " is " + row.state() + ": " + message);
        }
    }

    private static EventMeta meta(String rolloutId, String what, Instant now) {
        var id = UUID.nameUUIDFromBytes(("rollout|" + rolloutId + "|" + what).getBytes(StandardCharsets.UTF_8)).toString();
        return new EventMeta(id, now, DeploymentPlanner.SOURCE, rolloutId, EventMeta.SCHEMA_VERSION);
    }

    private interface Work<T> {
        T run(Connection c) throws Exception;
    }

    private <T> T inTransaction(Work<T> work) {
        try (var c = repo.connection()) {
            c.setAutoCommit(false);
            try {
                var result = work.run(c);
                c.commit();
                return result;
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
