package io.storefleet.audit.domain;

import java.time.Instant;

/**
 * One ledger row before it is written: the indexed columns pulled out of an event, plus its canonical JSON.
 *
 * @param storeId   store the event is about, null for repo-level events
 * @param commitSha commit the event relates to, null when there is none (or no single one)
 * @param actor     who caused it: the git author's email for commits, else the producing service
 * @param payload   canonical JSON ({@link io.storefleet.model.EventCodec#encode}), what a hash chain will cover
 */
public record LedgerRow(String eventId, String type, String topic, String storeId, String bundle, String repo,
                        String commitSha, String actor, String source, Instant eventTime, String payload) {
}
