package io.storefleet.dispatcher.domain;

/** MQTT topic-filter matching ({@code +} one level, {@code #} the rest), shared-subscription prefix ignored. */
public final class TopicFilter {
    private static final String SHARE = "$share/";

    public static boolean matches(String filter, String topic) {
        var f = withoutShare(filter).split("/", -1);
        var t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /** {@code $share/group/a/b} → {@code a/b}; other filters unchanged. */
    static String withoutShare(String filter) {
        if (!filter.startsWith(SHARE)) {
            return filter;
        }
        int slash = filter.indexOf('/', SHARE.length());
        return slash < 0 ? filter : filter.substring(slash + 1);
    }

    private TopicFilter() {
    }
}
