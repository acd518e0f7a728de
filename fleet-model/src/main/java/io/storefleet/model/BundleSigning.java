package io.storefleet.model;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 signatures over the canonical bytes of a per-store deployment (JDK built-in, no provider needed).
 * The planner signs, the agent verifies against a pinned public key before applying anything.
 * Keys travel base64: public keys as X.509 SubjectPublicKeyInfo, private keys as PKCS#8.
 */
public final class BundleSigning {
    public static final String ALGORITHM = "Ed25519";

    /** Everything that decides what a store runs; the envelope (id, time) and the signature itself are not part of it. */
    record Signed(String deploymentId, String storeId, String bundle, String repo, String commit, String contentHash,
                  String manifestsGz, DeploymentOptions options, String wave) {
    }

    public static byte[] canonicalBytes(BundleDeploymentPlanned d) {
        return EventCodec.encodeBytes(new Signed(d.deploymentId(), d.storeId(), d.bundle(), d.repo(), d.commit(),
                d.contentHash(), d.manifestsGz(), d.options(), d.wave()));
    }

    /** The same deployment with its signature set. */
    public static BundleDeploymentPlanned sign(BundleDeploymentPlanned d, PrivateKey key) {
        try {
            var signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(canonicalBytes(d));
            var signature = Base64.getEncoder().encodeToString(signer.sign());
            return new BundleDeploymentPlanned(d.meta(), d.deploymentId(), d.storeId(), d.bundle(), d.repo(), d.commit(),
                    d.contentHash(), d.manifestsGz(), d.options(), d.wave(), signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + ALGORITHM, e);
        }
    }

    /** True only for a present, well-formed signature that matches the deployment's canonical bytes. */
    public static boolean verify(BundleDeploymentPlanned d, PublicKey key) {
        if (d.signature() == null || d.signature().isBlank()) {
            return false;
        }
        try {
            var verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(canonicalBytes(d));
            return verifier.verify(Base64.getDecoder().decode(d.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static KeyPair generateKeyPair() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static String encode(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.trim())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 X.509 Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64.trim())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 PKCS#8 Ed25519 private key: " + e.getMessage(), e);
        }
    }

    private BundleSigning() {
    }
}
