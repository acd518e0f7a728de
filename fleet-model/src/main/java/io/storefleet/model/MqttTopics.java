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
    /** Every store's retained desired state; the dispatcher mirrors it to avoid publishing a deployment twice. */
    public static final String ALL_DESIRED = ROOT + "+/desired/+";
    /** Control-plane topics of the dispatcher instances themselves (not stores'). */
    public static final String DISPATCHERS_ROOT = "storefleet/dispatchers/";
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

    /**
     * A shared subscription ({@code $share/{group}/{filter}}): the broker hands each message to one member of the
     * group, so N dispatcher instances split the stores' status instead of each forwarding all of it.
     */
    public static String shared(String group, String filter) {
        return "$share/" + group + "/" + filter;
    }

    /** A dispatcher instance's own topic, e.g. for the marker it sends itself after subscribing. */
    public static String dispatcherSync(String clientId) {
        return DISPATCHERS_ROOT + clientId + "/sync";
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
