package io.storefleet.model.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorTokensTest {
    private static final String ADMIN = OperatorTokens.newToken();
    private static final String OPERATOR = OperatorTokens.newToken();
    private static final String VIEWER = OperatorTokens.newToken();
    private static final OperatorTokens TOKENS = OperatorTokens.of(Map.of(
            OperatorTokens.hash(ADMIN), new Operator("alice", Role.admin),
            OperatorTokens.hash(OPERATOR), new Operator("bob", Role.operator),
            OperatorTokens.hash(VIEWER), new Operator("carol", Role.viewer)));

    @ParameterizedTest(name = "{0} token, needs {1} -> {2}")
    @CsvSource({
            "none,     viewer,   Unauthenticated",
            "unknown,  viewer,   Unauthenticated",
            "notBearer,viewer,   Unauthenticated",
            "viewer,   viewer,   Allowed",
            "viewer,   operator, Forbidden",
            "viewer,   admin,    Forbidden",
            "operator, operator, Allowed",
            "operator, admin,    Forbidden",
            "admin,    admin,    Allowed",
            "admin,    viewer,   Allowed",
    })
    void decisions(String who, Role needed, String expected) {
        var header = switch (who) {
            case "none" -> null;
            case "unknown" -> "Bearer " + OperatorTokens.newToken();
            case "notBearer" -> "Basic " + ADMIN;
            case "viewer" -> "Bearer " + VIEWER;
            case "operator" -> "Bearer " + OPERATOR;
            default -> "Bearer " + ADMIN;
        };
        assertThat(TOKENS.decide(header, needed).getClass().getSimpleName()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} needs {2}")
    @CsvSource({
            "GET,    /api/stores,                    viewer",
            "POST,   /api/rollouts/r1/rollback,      operator",
            "POST,   /api/rollouts/r1/pause,         operator",
            "POST,   /api/stores/s1/enrolment,       admin",
            "POST,   /api/stores/s1/revoke,          admin",
            "DELETE, /api/something,                 operator",
    })
    void requiredRoles(String method, String path, Role expected) {
        assertThat(OperatorTokens.required(method, path)).isEqualTo(expected);
    }

    @Test
    void tokensFileHoldsOnlyHashesAndNamesTheActor() throws Exception {
        var file = Files.createTempFile("tokens", ".txt");
        Files.writeString(file, "# storefleet operator tokens\n" + OperatorTokens.line(OPERATOR, Role.operator, "bob") + "\n");
        assertThat(Files.readString(file)).doesNotContain(OPERATOR);
        var tokens = OperatorTokens.read(file);
        assertThat(tokens.authenticate(OPERATOR)).contains(new Operator("bob", Role.operator));
        assertThat(tokens.authenticate(ADMIN)).isEmpty();
        Files.delete(file);
    }

    @Test
    void tempFileIsReadBackWithEveryOperator() throws Exception {
        var file = OperatorTokens.tempFile(java.util.Map.of(OPERATOR, new Operator("bob", Role.operator), ADMIN, new Operator("alice", Role.admin)));
        assertThat(Files.readString(file)).doesNotContain(OPERATOR);
        var tokens = OperatorTokens.read(file);
        assertThat(tokens.authenticate(OPERATOR)).contains(new Operator("bob", Role.operator));
        assertThat(tokens.authenticate(ADMIN)).contains(new Operator("alice", Role.admin));
    }
}
