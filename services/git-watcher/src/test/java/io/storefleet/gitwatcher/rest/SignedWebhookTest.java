package io.storefleet.gitwatcher.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.storefleet.gitwatcher.domain.WebhookAuth;
import io.storefleet.gitwatcher.messaging.CommitPublisher;
import io.storefleet.gitwatcher.persistence.WebhookDeliveries;
import io.storefleet.gitwatcher.support.GitWatcherTestResource;
import io.storefleet.gitwatcher.support.TestRepo;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.storefleet.gitwatcher.support.Commits.originOf;
import static io.storefleet.gitwatcher.support.Commits.sentFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Webhooks with a secret configured: unsigned or wrongly signed requests are refused, recorded and fetch nothing; replays are ignored. */
@QuarkusTest
@TestProfile(SignedWebhookTest.Secured.class)
@WithTestResource(GitWatcherTestResource.class)
class SignedWebhookTest {
    static final String SECRET = "whsec-" + UUID.randomUUID();
    private static final String BODY = "{\"ref\":\"refs/heads/main\"}";

    public static class Secured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                var file = Files.createTempFile("webhook", ".secret");
                Files.writeString(file, SECRET + "\n");
                file.toFile().deleteOnExit();
                return Map.of("storefleet.git-watcher.webhook-secret-file", file.toString(),
                        "storefleet.git-watcher.allow-unsigned-webhooks", "false");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Inject
    WebhookDeliveries deliveries;

    private static io.restassured.specification.RequestSpecification github(String body, String signature, String delivery) {
        return given().contentType("application/json").body(body)
                .header(WebhookAuth.GITHUB_SIGNATURE, signature).header(WebhookAuth.GITHUB_DELIVERY, delivery);
    }

    private static String sign(String body) {
        return WebhookAuth.githubSignature(SECRET, body.getBytes(StandardCharsets.UTF_8));
    }

    private int emitted() {
        return sentFor(connector.sink(CommitPublisher.CHANNEL), "webhook").size();
    }

    private String newCommit(String what) {
        try (var origin = TestRepo.open(originOf("webhook"))) {
            return origin.commit(what, Map.of("apps/pos/values.yaml", "tag: " + UUID.randomUUID()));
        }
    }

    @Test
    void unsignedWebhookIsRefusedRecordedAndFetchesNothing() {
        github(BODY, sign(BODY), UUID.randomUUID().toString()).post("/webhooks/git?repo=webhook").then().statusCode(202);
        var before = emitted();
        var refusedBefore = deliveries.count("Unsigned");
        newCommit("unsigned attempt");

        given().contentType("application/json").body(BODY).post("/webhooks/git?repo=webhook")
                .then().statusCode(401).body("error", startsWith("webhook refused: Unsigned"));
        given().contentType("application/json").body(BODY).post("/webhooks/git")
                .then().statusCode(401);

        assertThat(emitted()).as("nothing fetched or emitted").isEqualTo(before);
        assertThat(deliveries.count("Unsigned")).isEqualTo(refusedBefore + 2);
    }

    @Test
    void badHmacIsRefusedAndTheRightOneIsAccepted() {
        github(BODY, sign(BODY), UUID.randomUUID().toString()).post("/webhooks/git?repo=webhook").then().statusCode(202);
        var before = emitted();
        var mismatchesBefore = deliveries.count("SignatureMismatch");
        var head = newCommit("bad hmac attempt");

        // a signature of another body, and one made with another key
        github(BODY, sign("{\"ref\":\"refs/heads/other\"}"), UUID.randomUUID().toString()).post("/webhooks/git?repo=webhook")
                .then().statusCode(401).body("error", equalTo("webhook refused: SignatureMismatch"));
        github(BODY, WebhookAuth.githubSignature("guess", BODY.getBytes(StandardCharsets.UTF_8)), UUID.randomUUID().toString())
                .post("/webhooks/git?repo=webhook").then().statusCode(401);
        assertThat(emitted()).isEqualTo(before);
        assertThat(deliveries.count("SignatureMismatch")).isEqualTo(mismatchesBefore + 2);

        github(BODY, sign(BODY), UUID.randomUUID().toString()).post("/webhooks/git?repo=webhook")
                .then().statusCode(202).body("checked[0].outcome", equalTo("EMITTED")).body("emitted.webhook", equalTo(head));
    }

    @Test
    void gitlabTokenIsChecked() {
        given().body(BODY).header(WebhookAuth.GITLAB_TOKEN, "wrong").post("/webhooks/git?repo=webhook").then().statusCode(401);
        given().body(BODY).header(WebhookAuth.GITLAB_TOKEN, SECRET).header(WebhookAuth.GITLAB_DELIVERY, UUID.randomUUID().toString())
                .post("/webhooks/git?repo=webhook").then().statusCode(202);
    }

    @Test
    void replayedDeliveryIdIsIgnored() {
        var delivery = UUID.randomUUID().toString();
        github(BODY, sign(BODY), delivery).post("/webhooks/git?repo=webhook").then().statusCode(202);
        var before = emitted();
        var replaysBefore = deliveries.count(WebhookDeliveries.REPLAYED);
        newCommit("pushed after the original delivery");

        github(BODY, sign(BODY), delivery).post("/webhooks/git?repo=webhook")
                .then().statusCode(200).body("ignored", equalTo("replayed delivery " + delivery));

        assertThat(emitted()).as("a replay triggers no check").isEqualTo(before);
        assertThat(deliveries.count(WebhookDeliveries.REPLAYED)).isEqualTo(replaysBefore + 1);
    }
}
