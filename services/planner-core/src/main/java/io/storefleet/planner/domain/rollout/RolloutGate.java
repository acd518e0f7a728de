package io.storefleet.planner.domain.rollout;

import io.storefleet.model.BundleState;
import io.storefleet.model.StoreFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a running rollout's current wave, decided from what its stores reported. Pure; the adapter applies the
 * step (send the released stores' deployments, write the new state, publish the events) in one transaction.
 * <ul>
 *   <li>a released store counts as failed when it reports {@code ErrApplied}, or is not Ready {@code readyDeadline}
 *       after its release; when the failed stores reach {@code haltOnFailure} the rollout halts;</li>
 *   <li>otherwise every unreleased store of the wave whose window is open is released;</li>
 *   <li>when at most {@code maxUnavailable} stores of the wave are not Ready (held stores count), the wave is Ready;
 *       once it stayed Ready for {@code bakeTime} the next wave starts, or the rollout completes after the last.</li>
 * </ul>
 */
public final class RolloutGate {

    /** A store of the current wave: released (when), and what it last reported for the rollout's deployment id. */
    public record Target(String storeId, Instant releasedAt, BundleState state, String message) {
        boolean released() {
            return releasedAt != null;
        }
    }

    /**
     * @param release      stores to send the deployment to now
     * @param held         unreleased stores whose window is closed → why ({@code window opens 22:00 local})
     * @param failures     non-empty: halt the rollout (every failed store, with its state and message)
     * @param readySince   when the wave became Ready (null: not Ready); the adapter stores it
     * @param advance      start the next wave
     * @param complete     the last wave baked: the rollout is done
     * @param haltReason   words for WaveHalted, when halting
     */
    public record Step(List<String> release, Map<String, String> held, List<StoreFailure> failures, Instant readySince,
                       boolean advance, boolean complete, String haltReason) {
        public boolean halt() {
            return !failures.isEmpty();
        }
    }

    /**
     * @param windows     for each unreleased target: its window decision (absent = open)
     * @param readySince  when the wave was last seen Ready, or null
     */
    public static Step step(Wave wave, boolean lastWave, List<Target> targets, Map<String, MaintenanceWindow.Decision> windows,
                            Instant readySince, RolloutSpec spec, Instant now) {
        var failures = new ArrayList<StoreFailure>();
        for (var t : targets) {
            if (!t.released()) {
                continue;
            }
            if (t.state() == BundleState.ErrApplied) {
                failures.add(new StoreFailure(t.storeId(), t.state(), t.message()));
            } else if (t.state() != BundleState.Ready && t.state() != BundleState.Modified
                    && !now.isBefore(t.releasedAt().plus(spec.readyDeadline()))) {
                failures.add(new StoreFailure(t.storeId(), t.state() == null ? BundleState.Pending : t.state(),
                        "not Ready " + human(spec.readyDeadline()) + " after release"
                                + (t.message() == null || t.message().isBlank() ? "" : ": " + t.message())));
            }
        }
        var threshold = Math.max(1, spec.haltOnFailure().of(targets.size()));
        if (failures.size() >= threshold) {
            var reason = failures.size() + " of " + targets.size() + " stores of wave " + wave.name() + " failed (haltOnFailure "
                    + spec.haltOnFailure() + ")";
            return new Step(List.of(), Map.of(), List.copyOf(failures), null, false, false, reason);
        }
        var release = new ArrayList<String>();
        var held = new TreeMap<String, String>();
        int unavailable = 0;
        for (var t : targets) {
            if (!t.released()) {
                var window = windows.get(t.storeId());
                if (window instanceof MaintenanceWindow.Closed closed) {
                    held.put(t.storeId(), closed.reason());
                } else {
                    release.add(t.storeId());
                }
                unavailable++;
            } else if (t.state() != BundleState.Ready && t.state() != BundleState.Modified) {
                unavailable++;
            }
        }
        if (unavailable > wave.maxUnavailable()) {
            return new Step(List.copyOf(release), held, List.of(), null, false, false, null);
        }
        var since = readySince == null ? now : readySince;
        var baked = !now.isBefore(since.plus(spec.bakeTime()));
        return new Step(List.copyOf(release), held, List.of(), since, baked && !lastWave, baked && lastWave, null);
    }

    static String human(Duration d) {
        return d.toSeconds() % 60 == 0 && d.toMinutes() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }

    private RolloutGate() {
    }
}
