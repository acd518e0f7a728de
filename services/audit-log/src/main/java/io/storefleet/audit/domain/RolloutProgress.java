package io.storefleet.audit.domain;

import io.storefleet.model.RolloutCompleted;
import io.storefleet.model.RolloutControlled;
import io.storefleet.model.RolloutEvent;
import io.storefleet.model.RolloutStarted;
import io.storefleet.model.RolloutWave;
import io.storefleet.model.WaveHalted;
import io.storefleet.model.WaveStarted;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A rollout as its events on {@code storefleet.rollout.events} tell it (RolloutStarted → WaveStarted… → WaveHalted or
 * RolloutCompleted; RolloutControlled pauses and resumes). Pure fold, in ledger order.
 *
 * @param state    Running, Paused, Halted, or the RolloutCompleted outcome (Completed, Aborted, Superseded)
 * @param waves    waves announced; {@code wave} = index of the last wave started (-1 before the first)
 * @param released stores of the waves started so far
 * @param detail   the halt reason, when halted; who paused or aborted it
 */
public record RolloutProgress(String rolloutId, String bundle, String commit, String state, int waves, int wave,
                              String waveName, Set<String> released, int stores, String detail, Instant startedAt,
                              Instant updatedAt) {

    /** @param events rollout events in ledger (seq) order, of any number of rollouts */
    public static List<RolloutProgress> fold(List<RolloutEvent> events) {
        var byId = new LinkedHashMap<String, RolloutProgress>();
        for (var e : events) {
            var id = rolloutId(e);
            if (id == null) {
                continue; // PlanningFailed belongs to no rollout
            }
            var at = e.meta().time();
            var p = byId.getOrDefault(id, new RolloutProgress(id, e.bundle(), e.commit(), "Running", 0, -1, null,
                    Set.of(), 0, null, at, at));
            if (e instanceof RolloutStarted s) {
                int stores = s.waves().stream().mapToInt(RolloutWave::count).sum(); // sizes; older events listed the ids
                p = new RolloutProgress(id, s.bundle(), s.commit(), p.state(), s.waves().size(), p.wave(), p.waveName(),
                        p.released(), stores, p.detail(), at, at);
            } else if (e instanceof WaveStarted w) {
                var released = new LinkedHashSet<>(p.released());
                released.addAll(w.stores());
                p = new RolloutProgress(id, p.bundle(), p.commit(), p.state(), Math.max(p.waves(), w.wave() + 1),
                        Math.max(p.wave(), w.wave()), w.wave() >= p.wave() ? w.name() : p.waveName(), Set.copyOf(released),
                        Math.max(p.stores(), released.size()), p.detail(), p.startedAt(), at);
            } else if (e instanceof WaveHalted h) {
                p = new RolloutProgress(id, p.bundle(), p.commit(), "Halted", p.waves(), Math.max(p.wave(), h.wave()),
                        h.name(), p.released(), p.stores(), h.reason(), p.startedAt(), at);
            } else if (e instanceof RolloutControlled c) {
                // an abort's outcome comes with its RolloutCompleted; here only who did it
                var state = switch (c.action()) {
                    case PAUSE -> "Paused";
                    case RESUME -> "Running";
                    case ABORT -> p.state();
                };
                var detail = switch (c.action()) {
                    case PAUSE -> "paused by " + c.actor();
                    case RESUME -> null;
                    case ABORT -> "aborted by " + c.actor();
                };
                p = new RolloutProgress(id, p.bundle(), p.commit(), state, p.waves(), p.wave(), p.waveName(), p.released(),
                        p.stores(), detail, p.startedAt(), at);
            } else if (e instanceof RolloutCompleted c) {
                p = new RolloutProgress(id, p.bundle(), p.commit(), c.outcome(), p.waves(), p.wave(), p.waveName(),
                        p.released(), Math.max(p.stores(), c.stores()), p.detail(), p.startedAt(), at);
            }
            byId.put(id, p);
        }
        var list = new ArrayList<>(byId.values());
        list.sort((a, b) -> b.updatedAt().compareTo(a.updatedAt()));
        return list;
    }

    static String rolloutId(RolloutEvent e) {
        if (e instanceof RolloutStarted s) {
            return s.rolloutId();
        }
        if (e instanceof WaveStarted w) {
            return w.rolloutId();
        }
        if (e instanceof WaveHalted h) {
            return h.rolloutId();
        }
        if (e instanceof RolloutCompleted c) {
            return c.rolloutId();
        }
        if (e instanceof RolloutControlled c) {
            return c.rolloutId();
        }
        return null;
    }
}
