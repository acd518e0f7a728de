package io.storefleet.audit.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.storefleet.audit.PostgresTestResource;
import io.storefleet.model.auth.Operator;
import io.storefleet.model.auth.OperatorTokens;
import io.storefleet.model.auth.Role;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** The audit/dashboard API with operator tokens configured: no token or an unknown one is 401; a viewer reads. */
@QuarkusTest
@TestProfile(OperatorAuthTest.WithTokens.class)
@WithTestResource(PostgresTestResource.class)
class OperatorAuthTest {
    static final String VIEWER = OperatorTokens.newToken();
    static final String ADMIN = OperatorTokens.newToken();

    public static class WithTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("storefleet.auth.tokens-file", OperatorTokens.tempFile(Map.of(VIEWER, new Operator("carol", Role.viewer),
                    ADMIN, new Operator("alice", Role.admin))).toString());
        }
    }

    @Test
    void apiWithoutTokenIsUnauthorized() {
        given().get("/api/stores").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().get("/api/ledger/verify").then().statusCode(401);
        given().header("Authorization", "Bearer " + OperatorTokens.newToken()).get("/api/stores").then().statusCode(401)
                .body("error", containsString("unknown"));
    }

    @Test
    void viewerReadsTheFleetViewAndTheLedger() {
        given().header("Authorization", "Bearer " + VIEWER).get("/api/stores").then().statusCode(200);
        given().header("Authorization", "Bearer " + VIEWER).get("/api/events/count").then().statusCode(200);
        // the dashboard's EventSource cannot send headers
        given().queryParam("access_token", VIEWER).get("/api/dashboard/summary").then().statusCode(200);
    }

    @Test
    void viewerMayNotChangeAnything() {
        given().header("Authorization", "Bearer " + VIEWER).post("/api/stores/s1/revoke").then().statusCode(403)
                .body("error", containsString("carol is viewer; this needs admin"));
        // a token in the query string is for reading only
        given().queryParam("access_token", ADMIN).post("/api/stores/s1/revoke").then().statusCode(401);
    }

    @Test
    void healthAndMetricsStayOpen() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
