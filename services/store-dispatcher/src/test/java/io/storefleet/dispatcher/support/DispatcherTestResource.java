package io.storefleet.dispatcher.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.UUID;

/** A client id of its own per test run: the shared broker would otherwise kick a running dispatcher (session takeover). */
public class DispatcherTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String CLIENT_ID = "storefleet-dispatcher-test-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> start() {
        return Map.of("storefleet.mqtt.client-id", CLIENT_ID);
    }

    @Override
    public void stop() {
    }
}
