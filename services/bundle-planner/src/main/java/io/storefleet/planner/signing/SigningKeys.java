package io.storefleet.planner.signing;

import io.quarkus.runtime.Startup;
import io.storefleet.model.BundleSigning;
import io.storefleet.planner.config.PlannerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * The planner's Ed25519 key pair, loaded at startup. A GitOps tool must not ship unsigned desired state, so a missing,
 * unreadable or mismatched key stops the planner from starting, with a message that says which setting to fix.
 */
@Startup
@ApplicationScoped
public class SigningKeys {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String publicKeyBase64;

    public SigningKeys(PlannerConfig config) {
        var keyFile = config.signingKeyFile().orElseThrow(() -> new IllegalStateException(
                "storefleet.planner.signing-key-file is not set: the planner refuses to start without a signing key, because agents "
                        + "must only apply signed desired state (generate one with BundleSigning.generateKeyPair; the local stack "
                        + "writes .run/<stack>/keys/signing.key)"));
        var publicFile = config.signingPublicKeyFile().orElse(siblingPub(keyFile));
        this.privateKey = BundleSigning.privateKey(read(keyFile, "storefleet.planner.signing-key-file"));
        this.publicKeyBase64 = read(publicFile, "storefleet.planner.signing-public-key-file").strip();
        this.publicKey = BundleSigning.publicKey(publicKeyBase64);
        if (!pair(privateKey, publicKey)) {
            throw new IllegalStateException("the signing key " + keyFile + " and the public key " + publicFile + " are not a pair");
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String publicKeyBase64() {
        return publicKeyBase64;
    }

    static Path siblingPub(Path keyFile) {
        var name = keyFile.getFileName().toString();
        var pub = name.endsWith(".key") ? name.substring(0, name.length() - 4) + ".pub" : name + ".pub";
        return keyFile.resolveSibling(pub);
    }

    private static String read(Path file, String setting) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + " (" + setting + "): " + e.getMessage(), e);
        }
    }

    private static boolean pair(PrivateKey privateKey, PublicKey publicKey) {
        try {
            var probe = "storefleet".getBytes();
            var signer = Signature.getInstance(BundleSigning.ALGORITHM);
            signer.initSign(privateKey);
            signer.update(probe);
            var verifier = Signature.getInstance(BundleSigning.ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signer.sign());
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }
}
