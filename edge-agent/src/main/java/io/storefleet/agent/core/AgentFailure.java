package io.storefleet.agent.core;

/** Why a bundle is {@code ErrApplied}; the name starts the status message, e.g. {@code StoreMismatch: ...}. */
public enum AgentFailure {
    /** The desired payload is not a {@code BundleDeploymentPlanned}. */
    PayloadInvalid,
    /** The event names another store: never applied, whatever topic it came on. */
    StoreMismatch,
    /** The event names another bundle than its topic. */
    BundleMismatch,
    /** The manifests are not gzip+base64 multi-document YAML of Kubernetes objects. */
    ManifestInvalid,
    /** The deployment is unsigned or its Ed25519 signature does not verify against the pinned planner key. */
    SignatureInvalid,
    /** The signed contentHash is not the sha256 of the manifests. */
    ContentHashMismatch,
    /** A sealed secret value cannot be opened: no fleet secrets key here, another fleet's key, or altered. */
    SecretUnreadable,
    /** The cluster refused the objects. */
    ApplyFailed,
    /** The cluster refused to delete the bundle's objects. */
    RemoveFailed;

    public String message(String detail) {
        return name() + ": " + detail;
    }
}
