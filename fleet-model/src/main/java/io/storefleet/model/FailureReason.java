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
    InventoryUnavailable,
    /** fleet.yaml (or fleet/groups.yaml) is YAML but not a valid spec: a field Fleet does not know either, a wrong type, a bad selector. */
    FleetYamlInvalid,
    /** {@code helm template} failed, the chart is missing, or its version is not the one fleet.yaml asks for. */
    ChartRenderFailed,
    /** The kustomize binary failed on the bundle's kustomization. */
    KustomizeFailed,
    /** A file named by {@code helm.valuesFiles} is not in the commit. */
    ValuesFileMissing,
    /** A {@code ${ .Store.x }} template names a store attribute a targeted store does not have. */
    TemplateFailed,
    /** The repo requires signed commits (git-watcher's signed-commits policy) and this commit is not signed. */
    UnsignedCommit,
    /** The repo requires signed commits and this one is signed by a key not trusted for it, or its signature does not verify. */
    UntrustedSigner
}
