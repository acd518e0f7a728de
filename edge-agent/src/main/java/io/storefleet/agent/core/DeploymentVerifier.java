package io.storefleet.agent.core;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleSigning;
import io.storefleet.model.ContentHash;
import io.storefleet.model.ManifestCodec;

import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a deployment before anything of it reaches the cluster: Ed25519 signature against the pinned planner key,
 * then {@code contentHash == sha256(unpacked manifests)} (the signature covers both, so a mismatch is a planner bug
 * or a forged hash signed by a leaked key; either way nothing is applied).
 */
public final class DeploymentVerifier {
    private final PublicKey plannerKey;

    public DeploymentVerifier(PublicKey plannerKey) {
        this.plannerKey = Objects.requireNonNull(plannerKey, "plannerKey");
    }

    /** Empty when the deployment may be applied, else the refusal (reason + detail). */
    public Optional<Refusal> check(BundleDeploymentPlanned event) {
        if (event.signature() == null || event.signature().isBlank()) {
            return Optional.of(new Refusal(AgentFailure.SignatureInvalid, "deployment is not signed"));
        }
        if (!BundleSigning.verify(event, plannerKey)) {
            return Optional.of(new Refusal(AgentFailure.SignatureInvalid, "signature does not match the pinned planner key"));
        }
        String manifests;
        try {
            manifests = ManifestCodec.unpack(event.manifestsGz());
        } catch (RuntimeException e) {
            return Optional.of(new Refusal(AgentFailure.ManifestInvalid, String.valueOf(e.getMessage())));
        }
        var actual = ContentHash.sha256(manifests);
        var claimed = event.contentHash() == null ? "" : event.contentHash().replaceFirst("^sha256:", "");
        if (!actual.equals(claimed)) {
            return Optional.of(new Refusal(AgentFailure.ContentHashMismatch,
                    "contentHash " + event.contentHash() + " but manifests hash to " + actual));
        }
        return Optional.empty();
    }

    public record Refusal(AgentFailure reason, String detail) {
        public String message() {
            return reason.message(detail);
        }
    }
}
