package io.storefleet.planner.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.storefleet.model.auth.Operator;
import io.storefleet.model.auth.OperatorTokens;
import io.storefleet.model.auth.Role;
import io.storefleet.planner.testing.PostgresAndDataDir;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;

/** The planner's rollout API with operator tokens configured: rollback without a token is 401, with a viewer's 403. */
@QuarkusTest
@TestProfile(RolloutAuthTest.WithTokens.class)
@WithTestResource(PostgresAndDataDir.class)
class RolloutAuthTest {
    static final String VIEWER = OperatorTokens.newToken();
    static final String OPERATOR = OperatorTokens.newToken();

    public static class WithTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("storefleet.auth.tokens-file", OperatorTokens.tempFile(Map.of(VIEWER, new Operator("carol", Role.viewer),
                    OPERATOR, new Operator("bob", Role.operator))).toString());
        }
    }

    @Test
    void rollbackWithoutTokenIsUnauthorized() {
        given().post("/api/rollouts/some-rollout/rollback").then().statusCode(401);
        given().get("/api/rollouts/some-rollout").then().statusCode(401);
    }

    @Test
    void rollbackWithViewerTokenIsForbidden() {
        given().header("Authorization", "Bearer " + VIEWER).post("/api/rollouts/some-rollout/rollback")
                .then().statusCode(403).body("error", containsString("carol is viewer; this needs operator"));
        given().header("Authorization", "Bearer " + VIEWER).post("/api/rollouts/some-rollout/pause").then().statusCode(403);
    }

    @Test
    void operatorTokenGetsPastTheCheck() {
        // whatever the rollout API answers for an unknown rollout, it is not an authentication refusal
        given().header("Authorization", "Bearer " + OPERATOR).post("/api/rollouts/some-rollout/rollback")
                .then().statusCode(not(oneOf(401, 403)));
    }
}
