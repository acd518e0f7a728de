package io.storefleet.agentapp;

import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.storefleet.model.BundleSigning;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The store's surroundings for the app test: fabric8's CRUD mock as K3s (stated stand-in), a planner key pair on
 * disk, a random store id on the real Mosquitto (127.0.0.1:1883), a temp cache dir.
 */
public class MockClusterResource implements QuarkusTestResourceLifecycleManager {
    private KubernetesMockServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(), false,
                    new VersionInfo.Builder().withMajor("1").withMinor("31").withGitVersion("v1.31.4+k3s1").build());
            server.init();
            var dir = Files.createTempDirectory("agent-app");
            var keys = BundleSigning.generateKeyPair();
            // a key set mid-rotation (docs/OPERATIONS.md): the test signs with the second key, so the app must read both
            var pub = Files.writeString(dir.resolve("signing.pub"), "# old planner key\n"
                    + BundleSigning.encode(BundleSigning.generateKeyPair().getPublic()) + "\n\n# new planner key\n"
                    + BundleSigning.encode(keys.getPublic()) + "\n");
            var key = Files.writeString(dir.resolve("signing.key"), BundleSigning.encode(keys.getPrivate()));
            var masterUrl = server.createClient().getConfiguration().getMasterUrl();
            return Map.of(
                    "storefleet.agent.store-id", "t-" + UUID.randomUUID().toString().substring(0, 8) + "-0001",
                    "storefleet.agent.kubernetes-master-url", masterUrl,
                    "storefleet.agent.public-key-file", pub.toString(),
                    "storefleet.agent.cache-dir", dir.resolve("cache").toString(),
                    "test.signing-key-file", key.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.destroy();
        }
    }
}
