package io.storefleet.model;

/** A bundle no longer targets a store; the dispatcher clears the retained desired message. */
public record BundleDeploymentRemoved(EventMeta meta, String storeId, String bundle, String repo, String commit)
        implements DeploymentEvent {
}
