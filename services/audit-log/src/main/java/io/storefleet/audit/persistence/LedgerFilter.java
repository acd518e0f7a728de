package io.storefleet.audit.persistence;

/** Optional ledger filters; null means "any". */
public record LedgerFilter(String type, String storeId, String commitSha, Long afterSeq) {
}
