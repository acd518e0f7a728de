package io.storefleet.gitwatcher.service;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.storefleet.gitwatcher.domain.CheckResult.Outcome;
import io.storefleet.gitwatcher.domain.CommitEvents;
import io.storefleet.gitwatcher.messaging.CommitPublisher;
import io.storefleet.gitwatcher.support.GitWatcherTestResource;
import io.storefleet.gitwatcher.support.TestRepo;
import io.storefleet.model.Person;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.storefleet.gitwatcher.support.Commits.originOf;
import static io.storefleet.gitwatcher.support.Commits.sentFor;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(GitWatcherTestResource.class)
class CommitDetectionTest {
    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;
    @Inject
    HeadWatcher watcher;
    @Inject
    PollJob poll;

    private InMemorySink<String> sink() {
        return connector.sink(CommitPublisher.CHANNEL);
    }

    @Test
    void firstPollEmitsCurrentHeadWithWholeTree() {
        String head;
        try (var origin = TestRepo.open(originOf("first-poll"))) {
            head = origin.head();
        }

        // Nothing but the poll checks this repo (ScheduledPollTest shows the scheduler runs it).
        poll.poll();

        var events = sentFor(sink(), "first-poll");
        assertThat(events).hasSize(1);
        var event = events.get(0);
        assertThat(event.sha()).isEqualTo(head);
        assertThat(event.id()).isEqualTo(CommitEvents.eventId("first-poll", "main", head));
        assertThat(event.meta().subject()).isEqualTo("first-poll");
        assertThat(event.meta().source()).isEqualTo("git-watcher");
        assertThat(event.repo()).isEqualTo("first-poll");
        assertThat(event.branch()).isEqualTo("main");
        assertThat(event.repoUrl()).isEqualTo(originOf("first-poll").toString());
        assertThat(event.parent()).isNull();
        assertThat(event.changedPaths()).containsExactly("README.md", "fleet.yaml");
        assertThat(event.message()).isEqualTo("initial first-poll");
        assertThat(event.author()).isEqualTo(new Person("Ada Author", "ada@example.com"));
        assertThat(event.committer()).isEqualTo(new Person("Cy Committer", "cy@example.com"));
        assertThat(event.commitTime()).isEqualTo(TestRepo.COMMITTER.getWhenAsInstant());
        assertThat(event.signatureStatus()).isEqualTo("unsigned");
    }

    @Test
    void newCommitEmitsExactlyOneEventWithChangedPaths() {
        var repo = watcher.repo("new-commit").orElseThrow();
        watcher.check(repo);
        var before = sentFor(sink(), "new-commit").size();
        String head;
        try (var origin = TestRepo.open(originOf("new-commit"))) {
            head = origin.commit("add store overlay",
                    Map.of("overlays/store-17.yaml", "x", "fleet.yaml", "defaultNamespace: changed"), "README.md");
        }

        var result = watcher.check(repo);
        watcher.check(repo);

        assertThat(result.outcome()).isEqualTo(Outcome.EMITTED);
        var events = sentFor(sink(), "new-commit");
        assertThat(events).hasSize(before + 1);
        var event = events.get(events.size() - 1);
        assertThat(event.sha()).isEqualTo(head);
        assertThat(event.message()).isEqualTo("add store overlay");
        assertThat(event.changedPaths()).containsExactly("README.md", "fleet.yaml", "overlays/store-17.yaml");
        assertThat(event.parent()).isEqualTo(events.get(events.size() - 2).sha());
    }

    @Test
    void severalCommitsBetweenChecksEmitOnlyTheNewHeadWithAllTheirPaths() {
        var repo = watcher.repo("several").orElseThrow();
        watcher.check(repo);
        var before = sentFor(sink(), "several").size();
        String head;
        try (var origin = TestRepo.open(originOf("several"))) {
            origin.commit("one", Map.of("a.yaml", "a"));
            origin.commit("two", Map.of("b.yaml", "b"));
            head = origin.commit("three", Map.of("c.yaml", "c"));
        }

        watcher.check(repo);

        var events = sentFor(sink(), "several");
        assertThat(events).hasSize(before + 1);
        assertThat(events.get(events.size() - 1).sha()).isEqualTo(head);
        assertThat(events.get(events.size() - 1).changedPaths()).containsExactly("a.yaml", "b.yaml", "c.yaml");
    }
}
