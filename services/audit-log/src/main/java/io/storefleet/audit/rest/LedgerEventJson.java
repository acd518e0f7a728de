package io.storefleet.audit.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.Instant;

/** A ledger row; {@code payload} is embedded as the JSON the ledger stores. */
public record LedgerEventJson(long seq, String eventId, String type, String topic, String storeId, String bundle,
                              String repo, String commit, String actor, Instant time, Instant recordedAt,
                              @JsonRawValue String payload) {
}
