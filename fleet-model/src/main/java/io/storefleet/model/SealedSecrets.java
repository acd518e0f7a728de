package io.storefleet.model;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Secret values in Git, sealed to the fleet's secrets key: {@code sealed:v1:<base64url(ephemeral X25519 public key ‖
 * nonce ‖ AES-256-GCM ciphertext)>}, key = HKDF-SHA256 of the X25519 agreement. Anyone with the public key can seal
 * ({@code storefleet seal}); only agents hold the private key. The planner renders and signs the sealed string as it is,
 * so Kafka, MQTT, the ledger and the logs only ever carry ciphertext; the agent opens the values in memory just before
 * it applies. JDK-only crypto (XDH, AES/GCM, HmacSHA256).
 */
public final class SealedSecrets {
    public static final String PREFIX = "sealed:v1:";
    private static final byte[] INFO = "storefleet sealed v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PUBLIC_KEY_BYTES = 44; // X.509 encoding of an X25519 key

    public static final class SealedSecretException extends RuntimeException {
        public SealedSecretException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static KeyPair generateKeyPair() {
        try {
            return KeyPairGenerator.getInstance("X25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is part of every JDK 11+", e);
        }
    }

    public static String seal(PublicKey fleetKey, String plaintext) {
        try {
            var ephemeral = generateKeyPair();
            var nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            var epk = ephemeral.getPublic().getEncoded();
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(ephemeral.getPrivate(), fleetKey, epk), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(PREFIX.getBytes(StandardCharsets.US_ASCII));
            var ct = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            var out = ByteBuffer.allocate(epk.length + nonce.length + ct.length).put(epk).put(nonce).put(ct).array();
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a value", e);
        }
    }

    public static String open(PrivateKey fleetKey, String sealed) {
        try {
            var bytes = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
            var epk = java.util.Arrays.copyOfRange(bytes, 0, PUBLIC_KEY_BYTES);
            var nonce = java.util.Arrays.copyOfRange(bytes, PUBLIC_KEY_BYTES, PUBLIC_KEY_BYTES + 12);
            var ephemeral = KeyFactory.getInstance("X25519").generatePublic(new X509EncodedKeySpec(epk));
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(fleetKey, ephemeral, epk), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(PREFIX.getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(bytes, PUBLIC_KEY_BYTES + 12, bytes.length - PUBLIC_KEY_BYTES - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
            // never the value itself in the message: only that this one cannot be opened with this key
            throw new SealedSecretException("a sealed value cannot be opened with this store's fleet key (wrong key or altered)", e);
        }
    }

    public static boolean isSealed(Object value) {
        return value instanceof String s && s.startsWith(PREFIX);
    }

    /** A copy of a JSON-like tree (maps, lists, scalars) with every sealed string opened. */
    public static Object openTree(PrivateKey fleetKey, Object node) {
        if (node instanceof Map<?, ?> map) {
            var copy = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), openTree(fleetKey, v)));
            return copy;
        }
        if (node instanceof List<?> list) {
            var copy = new ArrayList<Object>(list.size());
            list.forEach(v -> copy.add(openTree(fleetKey, v)));
            return copy;
        }
        return isSealed(node) ? open(fleetKey, (String) node) : node;
    }

    public static boolean containsSealed(Object node) {
        if (node instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(SealedSecrets::containsSealed);
        }
        if (node instanceof List<?> list) {
            return list.stream().anyMatch(SealedSecrets::containsSealed);
        }
        return isSealed(node);
    }

    public static String encode(java.security.Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance("X25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a base64 X.509 X25519 public key", e);
        }
    }

    public static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance("X25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a base64 PKCS#8 X25519 private key", e);
        }
    }

    private static SecretKeySpec key(PrivateKey own, PublicKey other, byte[] epk) throws GeneralSecurityException {
        var agreement = KeyAgreement.getInstance("XDH");
        agreement.init(own);
        agreement.doPhase(other, true);
        var shared = agreement.generateSecret();
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(epk, "HmacSHA256")); // HKDF-extract, salt = the ephemeral key
        var prk = mac.doFinal(shared);
        mac.init(new SecretKeySpec(prk, "HmacSHA256")); // HKDF-expand, one block
        mac.update(INFO);
        mac.update((byte) 1);
        return new SecretKeySpec(mac.doFinal(), "AES");
    }

    private SealedSecrets() {
    }
}
