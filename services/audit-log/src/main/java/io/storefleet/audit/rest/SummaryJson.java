package io.storefleet.audit.rest;

import java.util.Map;

/** @param byState stores per rolled-up state, every state listed worst first (zeros included) */
public record SummaryJson(long stores, Map<String, Long> byState, long online, long offline) {
}
