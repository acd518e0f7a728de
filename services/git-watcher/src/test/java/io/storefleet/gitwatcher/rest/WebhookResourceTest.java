package io.storefleet.gitwatcher.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.storefleet.gitwatcher.messaging.CommitPublisher;
import io.storefleet.gitwatcher.support.GitWatcherTestResource;
import io.storefleet.gitwatcher.support.TestRepo;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.storefleet.gitwatcher.support.Commits.originOf;
import static io.storefleet.gitwatcher.support.Commits.sentFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(GitWatcherTestResource.class)
class WebhookResourceTest {
    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Test
    void webhookEmitsTheNewHeadBeforeAnswering() {
        given().post("/webhooks/git?repo=webhook").then().statusCode(202);
        String head;
        try (var origin = TestRepo.open(originOf("webhook"))) {
            head = origin.commit("bump image", Map.of("apps/pos/values.yaml", "tag: 2"));
        }

        given().contentType("application/json").body("{\"ref\":\"refs/heads/main\"}")
                .post("/webhooks/git?repo=webhook")
                .then().statusCode(202)
                .body("checked", hasSize(1))
                .body("checked[0].repo", equalTo("webhook"))
                .body("checked[0].outcome", equalTo("EMITTED"))
                .body("checked[0].head", equalTo(head))
                .body("emitted.webhook", equalTo(head));

        // no waiting: the answer is only sent once Kafka (here: the in-memory sink) has the event
        var events = sentFor(connector.sink(CommitPublisher.CHANNEL), "webhook");
        assertThat(events.get(events.size() - 1).sha()).isEqualTo(head);
        assertThat(events.get(events.size() - 1).changedPaths()).containsExactly("apps/pos/values.yaml");
    }

    @Test
    void webhookForAnUnchangedHeadEmitsNothing() {
        given().post("/webhooks/git?repo=webhook").then().statusCode(202);
        var before = sentFor(connector.sink(CommitPublisher.CHANNEL), "webhook").size();

        given().post("/webhooks/git?repo=webhook")
                .then().statusCode(202)
                .body("checked[0].outcome", equalTo("UNCHANGED"))
                .body("emitted.size()", equalTo(0));

        assertThat(sentFor(connector.sink(CommitPublisher.CHANNEL), "webhook")).hasSize(before);
    }

    @Test
    void webhookWithoutRepoChecksEveryRepo() {
        var expected = new String[GitWatcherTestResource.REPOS.size() + 1];
        for (var i = 0; i < GitWatcherTestResource.REPOS.size(); i++) {
            expected[i] = GitWatcherTestResource.REPOS.get(i);
        }
        expected[expected.length - 1] = GitWatcherTestResource.UNREACHABLE;

        given().post("/webhooks/git")
                .then().statusCode(202)
                .body("checked", hasSize(expected.length))
                .body("checked.repo", hasItems(expected));
    }

    @Test
    void webhookForUnknownRepoIsNotFound() {
        given().post("/webhooks/git?repo=no-such-repo")
                .then().statusCode(404)
                .body("error", containsString("no-such-repo"));
    }
}
