package io.storefleet.model;

/** Typed reasons that become the {@code reason} of error events. */
public enum FailureReason {
    /** fleet.yaml or a manifest is not valid YAML. */
    YamlInvalid,
    /** A manifest document is YAML but not a Kubernetes object (no apiVersion/kind/metadata.name). */
    ManifestInvalid,
    /** The bundle needs a renderer this version does not have yet (Helm, Kustomize). */
    UnsupportedBundleKind,
    /** The repository or commit could not be read. */
    GitReadFailed,
    /** The store inventory could not be read. */
    InventoryUnavailable
}
