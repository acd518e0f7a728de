package io.storefleet.planner.domain.rollout;

/** A count or a percentage, as Fleet writes {@code maxUnavailable} and {@code autoPartitionSize}: {@code 3} or {@code 10%}. */
public record Quantity(int value, boolean percent) {
    public static final Quantity ZERO = new Quantity(0, false);
    public static final Quantity ALL = new Quantity(100, true);

    public static Quantity parse(String text) {
        var t = text.strip();
        try {
            if (t.endsWith("%")) {
                var v = Integer.parseInt(t.substring(0, t.length() - 1).strip());
                if (v < 0 || v > 100) {
                    throw new IllegalArgumentException("a percentage must be 0-100%, not " + text);
                }
                return new Quantity(v, true);
            }
            var v = Integer.parseInt(t);
            if (v < 0) {
                throw new IllegalArgumentException("must not be negative: " + text);
            }
            return new Quantity(v, false);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a count or a percentage: " + text);
        }
    }

    /** Of {@code total}: a percentage rounds down (Fleet's rule), a count is capped at the total. */
    public int of(int total) {
        return percent ? (int) Math.floor(total * value / 100.0) : Math.min(value, total);
    }

    @Override
    public String toString() {
        return value + (percent ? "%" : "");
    }
}
