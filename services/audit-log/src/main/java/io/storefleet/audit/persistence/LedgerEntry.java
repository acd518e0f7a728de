package io.storefleet.audit.persistence;

import java.time.Instant;

/** A recorded ledger row as read back; {@code payload} is the stored JSON text. */
public record LedgerEntry(long seq, String eventId, String type, String topic, String storeId, String bundle,
                          String repo, String commitSha, String actor, Instant eventTime, Instant recordedAt,
                          String payload) {
}
