package io.storefleet.model;

/** Events on {@link Topics#BUNDLE_DEPLOYMENTS}, keyed by store id. */
public sealed interface DeploymentEvent extends FleetEvent permits BundleDeploymentPlanned, BundleDeploymentRemoved {
    String storeId();

    String bundle();
}
