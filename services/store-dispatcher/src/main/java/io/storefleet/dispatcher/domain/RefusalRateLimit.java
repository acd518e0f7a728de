package io.storefleet.dispatcher.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How many {@code StoreMessageRefused} ledger events a store's refused messages become. A compromised store
 * spamming forgeries would otherwise grow the ledger by one entry per message: its first refusal is recorded at
 * once, every later one within {@code window} of the last recorded event is folded into one summary per store,
 * recorded when the window has passed (on the next refusal or {@link #due}). So each store gets at most one event
 * per window, and the summaries' counts add up to every refusal. The DLQ and the metric still see each message.
 * Thread-safe; state only for stores with a refusal in their current window.
 */
public final class RefusalRateLimit {
    private final Duration window;
    private final Map<String, Window> windows = new HashMap<>();

    public RefusalRateLimit(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.window = window;
    }

    /**
     * One refused message of {@code storeId}.
     *
     * @return the event to record now, or empty when it is folded into the store's next summary
     */
    public synchronized Optional<Record> refused(String storeId, String reason, String detail, Instant now) {
        var open = windows.get(storeId);
        if (open == null || !now.isBefore(open.recordedAt.plus(window))) {
            var pending = open == null ? null : open.withOne(reason, detail);
            windows.put(storeId, new Window(now));
            return Optional.of(pending == null || pending.count == 1
                    ? new Record(storeId, reason, detail, 1)
                    : pending.summary(storeId));
        }
        open.add(reason, detail);
        return Optional.empty();
    }

    /**
     * Summaries of stores whose window has passed with refusals not yet recorded; call periodically. Stores whose
     * window passed without further refusals are forgotten, so their next refusal is recorded at once again.
     */
    public synchronized List<Record> due(Instant now) {
        var records = new ArrayList<Record>();
        var it = windows.entrySet().iterator();
        while (it.hasNext()) {
            var entry = it.next();
            var open = entry.getValue();
            if (now.isBefore(open.recordedAt.plus(window))) {
                continue;
            }
            if (open.count == 0) {
                it.remove();
            } else {
                records.add(open.summary(entry.getKey()));
                entry.setValue(new Window(now));
            }
        }
        records.sort(java.util.Comparator.comparing(Record::storeId));
        return records;
    }

    /** Every refusal not recorded yet, as one summary per store, window or not: at shutdown, so no count is lost. */
    public synchronized List<Record> drain() {
        var records = windows.entrySet().stream().filter(e -> e.getValue().count > 0)
                .map(e -> e.getValue().summary(e.getKey())).sorted(java.util.Comparator.comparing(Record::storeId)).toList();
        windows.clear();
        return records;
    }

    /** Stores with a refusal in their current window (what this instance holds). */
    public synchronized int tracked() {
        return windows.size();
    }

    /**
     * A {@code StoreMessageRefused} to record.
     *
     * @param reason the reject reason (the last one of a summary)
     * @param detail the refused message's detail, or for a summary the count per reason and the last detail
     * @param count  how many refused messages this event stands for
     */
    public record Record(String storeId, String reason, String detail, int count) {
    }

    private static final class Window {
        final Instant recordedAt;
        int count;
        final Map<String, Integer> perReason = new TreeMap<>();
        String lastReason;
        String lastDetail;

        Window(Instant recordedAt) {
            this.recordedAt = recordedAt;
        }

        void add(String reason, String detail) {
            count++;
            perReason.merge(reason, 1, Integer::sum);
            lastReason = reason;
            lastDetail = detail;
        }

        Window withOne(String reason, String detail) {
            add(reason, detail);
            return this;
        }

        Record summary(String storeId) {
            var reasons = new StringBuilder();
            perReason.forEach((r, n) -> reasons.append(reasons.isEmpty() ? "" : ", ").append(r).append(' ').append(n));
            return new Record(storeId, lastReason, count + " refused messages since " + recordedAt + " (" + reasons
                    + "); last: " + lastDetail, count);
        }
    }
}
