package io.storefleet.gitwatcher.service;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.storefleet.gitwatcher.messaging.CommitPublisher;
import io.storefleet.gitwatcher.support.GitWatcherTestResource;
import io.storefleet.gitwatcher.support.TestRepo;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.storefleet.gitwatcher.support.Commits.originOf;
import static io.storefleet.gitwatcher.support.Commits.sentFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With the scheduler on (the other tests turn it off), new commits are found without any webhook or manual check. */
@QuarkusTest
@TestProfile(ScheduledPollTest.Polling.class)
@WithTestResource(GitWatcherTestResource.class)
class ScheduledPollTest {
    public static class Polling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.scheduler.enabled", "true", "storefleet.git-watcher.poll-interval", "1s");
        }
    }

    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Test
    void schedulerPollsEveryRepoAndFindsANewCommit() {
        await().atMost(Duration.ofSeconds(30)).until(() -> !sentFor(connector.sink(CommitPublisher.CHANNEL), "first-poll").isEmpty());

        String head;
        try (var origin = TestRepo.open(originOf("first-poll"))) {
            head = origin.commit("pushed without a webhook", Map.of("apps/pos/values.yaml", "tag: 3"));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sentFor(connector.sink(CommitPublisher.CHANNEL), "first-poll"))
                .extracting(e -> e.sha()).contains(head));
    }
}
