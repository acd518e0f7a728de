package io.storefleet.model;

import java.time.Instant;
import java.util.UUID;

/**
 * The envelope every event carries; the CloudEvents attributes. {@code id} is the idempotency key.
 *
 * @param id            UUID, unique per event
 * @param time          when the event was produced
 * @param source        producing service, e.g. {@code bundle-planner}
 * @param subject       store id, or repo id for repo-level events
 * @param schemaVersion payload schema version
 */
public record EventMeta(String id, Instant time, String source, String subject, int schemaVersion) {
    public static final int SCHEMA_VERSION = 1;

    public static EventMeta of(String source, String subject) {
        return new EventMeta(UUID.randomUUID().toString(), Instant.now(), source, subject, SCHEMA_VERSION);
    }
}
