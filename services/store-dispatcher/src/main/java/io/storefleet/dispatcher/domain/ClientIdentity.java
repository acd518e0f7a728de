package io.storefleet.dispatcher.domain;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The MQTT client id of one dispatcher instance: {@code <prefix>-<instance>}. Two instances with one id would
 * kick each other off the broker (session takeover) in a loop, so every instance needs its own: the configured
 * instance id, else the host name (on Kubernetes {@code HOSTNAME} = the pod name; a restarted container keeps it, so
 * a persistent session resumes), else a random suffix. A random id is a last resort: a persistent session under it
 * is never resumed after a restart, and the broker keeps queueing that session's share of the status for nobody.
 */
public final class ClientIdentity {

    public static String of(String prefix, Optional<String> instanceId, Optional<String> hostname, Supplier<String> random) {
        var instance = instanceId.filter(ClientIdentity::usable)
                .or(() -> hostname.filter(ClientIdentity::usable))
                .orElseGet(random);
        return prefix + "-" + instance;
    }

    /** Non-blank and safe as one MQTT topic level (the id also names the instance's sync topic). */
    static boolean usable(String value) {
        return value != null && !value.isBlank() && value.strip().equals(value) && DesiredRouting.isTopicLevel(value);
    }

    private ClientIdentity() {
    }
}
