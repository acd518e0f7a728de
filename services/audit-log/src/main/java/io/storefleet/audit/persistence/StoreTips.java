package io.storefleet.audit.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-store chain tips this instance knows, valid at one fleet head (its hash). A batch about to commit stages the
 * tips it leaves; the next batch, under the head lock, finds the head either where that batch left it (it committed:
 * its tips apply, even if its own commit callback has not run yet) or elsewhere (it did not, or another instance wrote
 * since) — then whatever the tips no longer match is forgotten and read back from the ledger.
 */
final class StoreTips {
    private record Staged(String fromHash, String toHash, Map<String, String> tips) {
    }

    private final int max;
    private final Map<String, String> tips = new HashMap<>();
    private String validAt;
    private Staged staged;

    StoreTips(int max) {
        this.max = max;
    }

    /**
     * Called under the head lock with the head's hash: puts the tips it knows into {@code known}.
     *
     * @return the stores whose tips must be read from the ledger
     */
    synchronized List<String> lookup(String headHash, Collection<String> stores, Map<String, String> known) {
        if (staged != null && staged.toHash().equals(headHash)) {
            if (!staged.fromHash().equals(validAt)) {
                tips.clear(); // the staged tips hold for its stores only
            }
            tips.putAll(staged.tips());
            validAt = headHash;
        }
        staged = null;
        if (!headHash.equals(validAt) || tips.size() > max) {
            tips.clear();
            validAt = headHash;
        }
        var unknown = new ArrayList<String>();
        for (var store : stores) {
            var tip = tips.get(store);
            if (tip != null) {
                known.put(store, tip);
            } else {
                unknown.add(store);
            }
        }
        return unknown;
    }

    /** A batch linked from {@code fromHash} to {@code toHash} and is about to commit; these stores' tips after it. */
    synchronized void stage(String fromHash, String toHash, Map<String, String> storeTips) {
        staged = new Staged(fromHash, toHash, Map.copyOf(storeTips));
    }
}
