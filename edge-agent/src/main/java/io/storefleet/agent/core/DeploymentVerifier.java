package io.storefleet.agent.core;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleSigning;
import io.storefleet.model.ContentHash;
import io.storefleet.model.ManifestCodec;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;

import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a deployment before anything of it reaches the cluster: Ed25519 signature against the pinned planner key
 * (or key set: a signature by any one of them counts, so the signing key can be rotated without an outage — publish
 * the new public key to every agent, switch the planner, then retire the old one),
 * then {@code contentHash == sha256(unpacked manifests)} (the signature covers both, so a mismatch is a planner bug
 * or a forged hash signed by a leaked key; either way nothing is applied).
 */
public final class DeploymentVerifier {
    private final List<Ed25519PublicKeyParameters> plannerKeys;

    public DeploymentVerifier(PublicKey plannerKey) {
        this(List.of(Objects.requireNonNull(plannerKey, "plannerKey")));
    }

    /** Accepts a deployment signed by any of {@code plannerKeys} (at least one). */
    public DeploymentVerifier(Collection<PublicKey> plannerKeys) {
        if (plannerKeys.isEmpty()) {
            throw new IllegalArgumentException("no planner public key");
        }
        var keys = new ArrayList<Ed25519PublicKeyParameters>();
        for (var key : plannerKeys) {
            keys.add(ed25519(key));
        }
        this.plannerKeys = List.copyOf(keys);
    }

    /** The key set of a public-key file in the {@link PlannerKeys} format. */
    public static DeploymentVerifier fromKeyFile(String content) {
        return new DeploymentVerifier(PlannerKeys.parse(content));
    }

    /** The key set of {@code file} ({@link PlannerKeys}); what the agent app and the simulator read at start. */
    public static DeploymentVerifier readKeyFile(java.nio.file.Path file) {
        return new DeploymentVerifier(PlannerKeys.read(file));
    }

    public int keyCount() {
        return plannerKeys.size();
    }

    private static Ed25519PublicKeyParameters ed25519(PublicKey key) {
        try {
            if (!(PublicKeyFactory.createKey(key.getEncoded()) instanceof Ed25519PublicKeyParameters ed)) {
                throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
            }
            return ed;
        } catch (IOException e) {
            throw new IllegalArgumentException("not an X.509 public key: " + e.getMessage(), e);
        }
    }

    /**
     * Same result as {@link BundleSigning#verify} (Ed25519 over {@link BundleSigning#canonicalBytes}) with
     * BouncyCastle: the JDK's took 1.7–2.1 ms per verification on a loaded 2-core box, times every simulated store.
     */
    private boolean signatureValid(BundleDeploymentPlanned event) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(event.signature());
        } catch (IllegalArgumentException e) {
            return false;
        }
        var bytes = BundleSigning.canonicalBytes(event);
        for (var key : plannerKeys) {
            var verifier = new Ed25519Signer(); // not thread-safe; cheap to create
            verifier.init(false, key);
            verifier.update(bytes, 0, bytes.length);
            if (verifier.verifySignature(signature)) {
                return true;
            }
        }
        return false;
    }

    /** Empty when the deployment may be applied, else the refusal (reason + detail). */
    public Optional<Refusal> check(BundleDeploymentPlanned event) {
        if (event.signature() == null || event.signature().isBlank()) {
            return Optional.of(new Refusal(AgentFailure.SignatureInvalid, "deployment is not signed"));
        }
        if (!signatureValid(event)) {
            return Optional.of(new Refusal(AgentFailure.SignatureInvalid, "signature does not match the pinned planner key" + (plannerKeys.size() > 1 ? "s" : "")));
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
