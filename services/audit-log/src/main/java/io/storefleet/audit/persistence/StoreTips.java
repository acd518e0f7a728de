package io.storefleet.audit.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-store chain tips this instance knows, valid as of one fleet head seq. While no other writer has moved the
 * head since this instance's last commit, a batch links its rows from memory; once the head is elsewhere (another
 * instance wrote, a write failed or its outcome is unknown) everything is forgotten and read back from the ledger.
 */
final class StoreTips {
    private final int max;
    private final Map<String, String> tips = new HashMap<>();
    private long validAtSeq = -1;

    StoreTips(int max) {
        this.max = max;
    }

    /**
     * Called under the head lock with the head's seq: puts the tips it knows into {@code known}.
     *
     * @return the stores whose tips must be read from the ledger
     */
    synchronized List<String> lookup(long headSeq, Collection<String> stores, Map<String, String> known) {
        if (headSeq != validAtSeq) {
            tips.clear();
            validAtSeq = headSeq;
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

    /** A batch committed, moving the head from {@code fromSeq} to {@code toSeq}, with these stores' tips after it. */
    synchronized void committed(long fromSeq, long toSeq, Map<String, String> storeTips) {
        if (fromSeq != validAtSeq || tips.size() + storeTips.size() > max) {
            forget();
            return;
        }
        tips.putAll(storeTips);
        validAtSeq = toSeq;
    }

    synchronized void forget() {
        tips.clear();
        validAtSeq = -1;
    }
}
