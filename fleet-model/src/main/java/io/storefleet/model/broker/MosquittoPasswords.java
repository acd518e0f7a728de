package io.storefleet.model.broker;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Mosquitto 2's password-file hash ({@code $7$iterations$salt$hash}, PBKDF2-HMAC-SHA512, what
 * {@code mosquitto_passwd} writes), made in Java so the launcher can write credentials for thousands of stores
 * without the tool, and the broker only ever sees hashes.
 */
public final class MosquittoPasswords {
    /** mosquitto_passwd's default; the broker pays this per CONNECT, so it stays at the tool's value. */
    public static final int ITERATIONS = 101;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One password-file line value: {@code $7$101$<salt b64>$<hash b64>}. */
    public static String hash(String password) {
        var salt = new byte[12];
        RANDOM.nextBytes(salt);
        return hash(password, salt, ITERATIONS);
    }

    static String hash(String password, byte[] salt, int iterations) {
        var b64 = Base64.getEncoder();
        return "$7$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(pbkdf2(password, salt, iterations));
    }

    /** True when {@code password} matches a {@code $7$} value (tests; the broker does its own check). */
    public static boolean matches(String password, String stored) {
        var parts = stored.split("\\$");
        if (parts.length != 5 || !"7".equals(parts[1])) {
            return false;
        }
        var salt = Base64.getDecoder().decode(parts[3]);
        return java.security.MessageDigest.isEqual(Base64.getDecoder().decode(parts[4]),
                pbkdf2(password, salt, Integer.parseInt(parts[2])));
    }

    /** A fresh random password: 24 bytes, URL-safe base64 (no characters a config file or shell would mangle). */
    public static String newPassword() {
        var bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 512);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is part of every JDK", e);
        }
    }

    private MosquittoPasswords() {
    }
}
