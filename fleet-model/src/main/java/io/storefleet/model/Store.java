package io.storefleet.model;

import java.util.Map;

/**
 * A store from the inventory (table {@code stores}).
 *
 * @param labels   selector labels: region, format, hardware, pos, canary, state, city
 * @param hours    opening hours, e.g. {@code mon 07:00-22:00;...}
 * @param freeze   freeze periods, e.g. {@code 2026-11-23..2026-11-30;...}
 */
public record Store(String id, String name, String region, String format, Map<String, String> labels,
                    String timezone, String hours, String freeze, boolean enrolled) {
}
