package io.storefleet.cli;

import io.storefleet.infra.LocalStack;
import io.storefleet.model.auth.OperatorTokens;
import io.storefleet.model.auth.Role;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The operator token every CLI call to a service API sends ({@code Authorization: Bearer}). In order:
 * {@code STOREFLEET_TOKEN}; the file named by {@code STOREFLEET_TOKEN_FILE} (or system property {@code storefleet.token-file}); else, on the machine that runs the local
 * stack, that stack's admin token ({@code .run/demo/keys/operators/admin.token}, owner-only), since whoever may read
 * it started the stack. Commands that change something (rollback, pause, enrol, revoke) go through {@link #authorize}.
 */
public final class OperatorCredentials {
    public static final String ENV_TOKEN = "STOREFLEET_TOKEN";
    public static final String ENV_TOKEN_FILE = "STOREFLEET_TOKEN_FILE";
    /** The same as a system property (tests that run commands in their own JVM). */
    public static final String PROPERTY_TOKEN_FILE = "storefleet.token-file";

    /** The token to send, if any is configured. */
    public static Optional<String> token() {
        var inline = System.getenv(ENV_TOKEN);
        if (inline != null && !inline.isBlank()) {
            return Optional.of(inline.strip());
        }
        var file = System.getenv(ENV_TOKEN_FILE);
        if (file != null && !file.isBlank()) {
            return read(Path.of(file));
        }
        var property = System.getProperty(PROPERTY_TOKEN_FILE);
        if (property != null && !property.isBlank()) {
            return read(Path.of(property));
        }
        return read(LocalStack.findHome().resolve(".run").resolve(DemoCommand.STACK).resolve("keys").resolve("operators")
                .resolve(Role.admin + ".token"));
    }

    /** Adds {@code Authorization: Bearer <token>} when a token is configured. */
    public static HttpRequest.Builder authorize(HttpRequest.Builder request) {
        token().ifPresent(t -> request.header(OperatorTokens.HEADER, "Bearer " + t));
        return request;
    }

    /** A one-line explanation for an HTTP 401/403 answer, or null for other statuses. */
    public static String explain(int status) {
        return switch (status) {
            case 401 -> "not authenticated: set " + ENV_TOKEN + " (or " + ENV_TOKEN_FILE + ") to an operator token";
            case 403 -> "forbidden: this operator token's role may not do that (viewer < operator < admin)";
            default -> null;
        };
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().findFirst().map(String::strip).filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private OperatorCredentials() {
    }
}
