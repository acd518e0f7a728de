package io.storefleet.gitwatcher.service;

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
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(GitWatcherTestResource.class)
class RepoFailureTest {
    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Test
    void unreachableRepoIsReportedNotReadyWhileOthersStillEmit() {
        given().post("/webhooks/git?repo=healthy").then().statusCode(202);
        String head;
        try (var origin = TestRepo.open(originOf("healthy"))) {
            head = origin.commit("still flowing", Map.of("ok.yaml", "ok"));
        }

        given().post("/webhooks/git")
                .then().statusCode(202)
                .body("emitted.healthy", equalTo(head))
                .body("checked.find { it.repo == 'unreachable' }.outcome", equalTo("FAILED"))
                .body("checked.find { it.repo == 'unreachable' }.error", containsString("does-not-exist"));

        assertThat(sentFor(connector.sink(CommitPublisher.CHANNEL), "healthy"))
                .extracting(e -> e.sha()).contains(head);
        given().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.find { it.name == 'git-repos' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'git-repos' }.data.unreachable", startsWith("error: "))
                .body("checks.find { it.name == 'git-repos' }.data.unreachable", containsString("does-not-exist"))
                .body("checks.find { it.name == 'git-repos' }.data.healthy", startsWith("ok: head " + head));
    }

    @Test
    void livenessStaysUpWhenARepoIsUnreachable() {
        given().post("/webhooks/git?repo=unreachable").then().statusCode(202);

        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsCountEmittedCommitsAndFetchFailures() {
        given().post("/webhooks/git?repo=unreachable").then().statusCode(202);
        given().post("/webhooks/git?repo=healthy").then().statusCode(202);

        given().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("storefleet_git_fetch_failures_total{repo=\"unreachable\"}"))
                .body(containsString("storefleet_git_commits_emitted_total{repo=\"healthy\"}"));
    }
}
