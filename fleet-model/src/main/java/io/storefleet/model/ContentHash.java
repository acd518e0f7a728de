package io.storefleet.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content addressing: the same manifests with the same options always get the same deployment id. */
public final class ContentHash {

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    /** {@code sha256(manifests)[0..32] + "-" + sha256(canonical options)[0..12]}: readable and collision-safe enough. */
    public static String deploymentId(String manifests, DeploymentOptions options) {
        return sha256(manifests).substring(0, 32) + "-" + sha256(EventCodec.encode(options)).substring(0, 12);
    }

    private ContentHash() {
    }
}
