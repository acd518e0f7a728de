package io.storefleet.planner.rest;

import io.storefleet.model.BundleSigning;
import io.storefleet.planner.signing.SigningKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** Publishes the public key agents pin to verify deployments. */
@Path("/api/signing-key")
public class SigningKeyResource {
    private final SigningKeys keys;

    public SigningKeyResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> publicKey() {
        return Map.of("algorithm", BundleSigning.ALGORITHM, "publicKey", keys.publicKeyBase64(), "format", "X.509 SubjectPublicKeyInfo, base64");
    }
}
