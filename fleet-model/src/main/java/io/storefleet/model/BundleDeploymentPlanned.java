package io.storefleet.model;

/**
 * The desired state of one bundle in one store.
 *
 * @param deploymentId content-addressed id, see {@link ContentHash#deploymentId}; same id ⇒ agent does nothing
 * @param commit       the commit it was planned from
 * @param contentHash  sha256 of the rendered manifests
 * @param manifestsGz  rendered multi-document YAML, gzip + base64 ({@link ManifestCodec})
 * @param wave         rollout wave name (later issue), null for now
 * @param signature    Ed25519 signature, base64 (later issue), null for now
 */
public record BundleDeploymentPlanned(EventMeta meta, String deploymentId, String storeId, String bundle, String repo,
                                      String commit, String contentHash, String manifestsGz, DeploymentOptions options,
                                      String wave, String signature) implements DeploymentEvent {
}
