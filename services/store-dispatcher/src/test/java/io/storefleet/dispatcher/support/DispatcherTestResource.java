package io.storefleet.dispatcher.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.UUID;

/**
 * A client id and a share group of its own per test run, on the machine's shared broker: the same client id would
 * kick a running dispatcher (session takeover), the same share group would split the test's status messages with it.
 */
public class DispatcherTestResource implements QuarkusTestResourceLifecycleManager {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    public static final String CLIENT_ID = "storefleet-dispatcher-test-" + RUN;

    @Override
    public Map<String, String> start() {
        return Map.of("storefleet.mqtt.client-id", "storefleet-dispatcher-test",
                "storefleet.mqtt.instance-id", RUN,
                "storefleet.mqtt.share-group", "dispatchers-test-" + RUN);
    }

    @Override
    public void stop() {
    }
}
