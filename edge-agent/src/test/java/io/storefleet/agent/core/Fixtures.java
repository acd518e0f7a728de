package io.storefleet.agent.core;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.ManifestCodec;

import java.util.UUID;

/** Desired-state events built from fleet-model records, as the planner would send them. */
public final class Fixtures {
    public static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: pos-config
            data:
              currency: EUR
            """;
    /** A Deployment the API server accepts (selector matches the template's labels), for in-memory and mock clusters. */
    public static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: pos
              namespace: pos
            spec:
              replicas: 1
              selector:
                matchLabels: {app: pos}
              template:
                metadata:
                  labels: {app: pos}
                spec:
                  containers:
                    - name: pos
                      image: registry.local/pos:1.0
            """;

    public static String randomStoreId() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8) + "-0001";
    }

    public static BundleDeploymentPlanned planned(String storeId, String bundle, String deploymentId, String... docs) {
        var manifests = String.join("---\n", docs);
        return plannedPacked(storeId, bundle, deploymentId, ManifestCodec.pack(manifests));
    }

    public static BundleDeploymentPlanned plannedPacked(String storeId, String bundle, String deploymentId,
                                                        String manifestsGz) {
        return new BundleDeploymentPlanned(EventMeta.of("bundle-planner", storeId), deploymentId, storeId, bundle,
                "retail-apps", "c0ffee" + deploymentId, "sha256:" + deploymentId, manifestsGz,
                DeploymentOptions.DEFAULTS, null, null);
    }

    /** As the planner sends it: contentHash = sha256 of the manifests, Ed25519-signed with {@code key}. */
    public static BundleDeploymentPlanned signed(java.security.PrivateKey key, String storeId, String bundle,
                                                 String deploymentId, String... docs) {
        var manifests = String.join("---\n", docs);
        var event = new BundleDeploymentPlanned(EventMeta.of("bundle-planner", storeId), deploymentId, storeId, bundle,
                "retail-apps", "c0ffee" + deploymentId, io.storefleet.model.ContentHash.sha256(manifests),
                ManifestCodec.pack(manifests), DeploymentOptions.DEFAULTS, null, null);
        return io.storefleet.model.BundleSigning.sign(event, key);
    }

    public static byte[] bytes(BundleDeploymentPlanned event) {
        return EventCodec.encodeBytes(event);
    }

    private Fixtures() {
    }
}
