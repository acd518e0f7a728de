package io.storefleet.model;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * JSON text appended to a StringBuilder, character for character what Jackson's default generator writes (the ledger's
 * hashes cover that text): for the two shapes written per ledger row — the canonical form hashed and the reporting
 * stream's value — where a generator per row cost more than the rest of the row's work.
 */
public final class JsonText {

    /** {@code "name":} after a comma unless it is the object's first field. */
    public static StringBuilder name(StringBuilder b, String name, boolean first) {
        if (!first) {
            b.append(',');
        }
        return string(b, name).append(':');
    }

    /** A string value quoted and escaped as Jackson does by default (quote, backslash, controls), or null. */
    public static StringBuilder string(StringBuilder b, String value) {
        if (value == null) {
            return b.append("null");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return b.append('"').append(JsonStringEncoder.getInstance().quoteAsString(value)).append('"');
            }
        }
        return b.append('"').append(value).append('"');
    }

    /** A double as Jackson writes it: Double.toString, and a non-finite one quoted (QUOTE_NON_NUMERIC_NUMBERS). */
    public static StringBuilder number(StringBuilder b, double value) {
        return Double.isFinite(value) ? b.append(value) : b.append('"').append(value).append('"');
    }

    private JsonText() {
    }
}
