package io.storefleet.audit.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** A ledger row; {@code payload} is the event as the ledger stores it, embedded as JSON. */
public record LedgerEventJson(long seq, String eventId, String type, String topic, String storeId, String bundle,
                              String repo, String commit, String actor, Instant time, Instant recordedAt,
                              JsonNode payload) {
}
