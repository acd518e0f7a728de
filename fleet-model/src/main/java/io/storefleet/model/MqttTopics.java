package io.storefleet.model;

import java.util.Optional;

/**
 * MQTT topic layout: {@code storefleet/stores/{storeId}/desired/{bundle}} (retained),
 * {@code .../status} and {@code .../online} (retained, Last Will {@code false}).
 */
public final class MqttTopics {
    public static final String ROOT = "storefleet/stores/";
    public static final String ALL_STATUS = ROOT + "+/status";
    public static final String ALL_ONLINE = ROOT + "+/online";
    public static final String ONLINE_TRUE = "true";
    public static final String ONLINE_FALSE = "false";

    public static String desired(String storeId, String bundle) {
        return ROOT + storeId + "/desired/" + bundle;
    }

    public static String desiredWildcard(String storeId) {
        return ROOT + storeId + "/desired/#";
    }

    public static String status(String storeId) {
        return ROOT + storeId + "/status";
    }

    public static String online(String storeId) {
        return ROOT + storeId + "/online";
    }

    /** Store id of any {@code storefleet/stores/{id}/...} topic. */
    public static Optional<String> storeId(String topic) {
        if (!topic.startsWith(ROOT)) {
            return Optional.empty();
        }
        var rest = topic.substring(ROOT.length());
        int slash = rest.indexOf('/');
        return slash <= 0 ? Optional.empty() : Optional.of(rest.substring(0, slash));
    }

    /** Bundle name of a desired topic. */
    public static Optional<String> bundle(String topic) {
        var marker = "/desired/";
        int at = topic.indexOf(marker);
        return at < 0 || !topic.startsWith(ROOT) ? Optional.empty() : Optional.of(topic.substring(at + marker.length()));
    }

    private MqttTopics() {
    }
}
