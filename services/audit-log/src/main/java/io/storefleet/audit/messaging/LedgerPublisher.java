package io.storefleet.audit.messaging;

import io.storefleet.model.LedgerChain;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Sends committed ledger rows to the reporting stream ({@link io.storefleet.model.Topics#AUDIT_LEDGER}). */
public interface LedgerPublisher {
    /**
     * Sends the rows in order, as one record each ({@link LedgerRecords}). Completes once the broker acknowledged every
     * one of them; fails as soon as one could not be sent (the caller sends the whole batch again).
     */
    CompletionStage<Void> publish(List<LedgerChain.Link> links);
}
