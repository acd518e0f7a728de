package io.storefleet.model.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Operator API tokens (bearer): services hold only their SHA-256, in a tokens file with one line per token,
 * {@code <sha256 hex> <role> <actor>}. A token is 32 random bytes, so a plain hash suffices (no guessable input to
 * stretch). The services' request filters ask {@link #decide} and put the {@link Operator} on the request under
 * {@link #REQUEST_PROPERTY}, so an action can name its actor in the ledger.
 */
public final class OperatorTokens {
    public static final String HEADER = "Authorization";
    public static final String REQUEST_PROPERTY = "storefleet.operator";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Operator> byHash;

    private OperatorTokens(Map<String, Operator> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    public static OperatorTokens of(Map<String, Operator> byHash) {
        return new OperatorTokens(byHash);
    }

    /** Reads a tokens file; blank lines and {@code #} comments are skipped. */
    public static OperatorTokens read(Path file) throws IOException {
        var byHash = new HashMap<String, Operator>();
        for (var line : Files.readAllLines(file)) {
            var trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            var parts = trimmed.split("\\s+", 3);
            if (parts.length != 3 || parts[0].length() != 64) {
                throw new IOException("bad line in tokens file " + file + ": expected '<sha256 hex> <role> <actor>'");
            }
            byHash.put(parts[0], new Operator(parts[2], Role.valueOf(parts[1])));
        }
        return new OperatorTokens(byHash);
    }

    /** The tokens-file line of a token. */
    public static String line(String token, Role role, String actor) {
        return hash(token) + " " + role + " " + actor;
    }

    /** A tokens file in the temp dir (deleted on exit) for these operators by token: for tests and throwaway stacks. */
    public static Path tempFile(Map<String, Operator> byToken) {
        var lines = new StringBuilder();
        byToken.forEach((token, operator) -> lines.append(line(token, operator.role(), operator.actor())).append('\n'));
        try {
            var file = Files.createTempFile("operator-tokens", "");
            Files.writeString(file, lines);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A new token: {@code sft_} + 32 random bytes, URL-safe base64. */
    public static String newToken() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "sft_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Who holds this bearer token, if anyone. */
    public Optional<Operator> authenticate(String token) {
        return token == null || token.isBlank() ? Optional.empty() : Optional.ofNullable(byHash.get(hash(token.strip())));
    }

    /** Checks an {@code Authorization} header value ({@code Bearer <token>}) against the role an endpoint needs. */
    public AccessDecision decide(String authorizationHeader, Role needed) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return new AccessDecision.Unauthenticated("no operator token (Authorization: Bearer <token>)");
        }
        var value = authorizationHeader.strip();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new AccessDecision.Unauthenticated("Authorization is not a Bearer token");
        }
        var operator = authenticate(value.substring(7));
        if (operator.isEmpty()) {
            return new AccessDecision.Unauthenticated("unknown operator token");
        }
        return operator.get().role().includes(needed)
                ? new AccessDecision.Allowed(operator.get())
                : new AccessDecision.Forbidden(operator.get(), needed);
    }

    /**
     * The role an operator endpoint needs: reading = viewer; enrolling or revoking a store = admin; any other change
     * (rollback, pause, resume) = operator.
     */
    public static Role required(String method, String path) {
        if ("GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method) || "OPTIONS".equalsIgnoreCase(method)) {
            return Role.viewer;
        }
        return path.contains("/enrol") || path.contains("/revoke") ? Role.admin : Role.operator;
    }
}
