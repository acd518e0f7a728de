package io.storefleet.gitwatcher.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.storefleet.gitwatcher.config.GitWatcherConfig;
import io.storefleet.gitwatcher.domain.CheckResult.Outcome;
import io.storefleet.gitwatcher.git.GitMirror;
import io.storefleet.gitwatcher.messaging.CommitPublisher;
import io.storefleet.gitwatcher.persistence.GitHeadRepository;
import io.storefleet.gitwatcher.support.GitWatcherTestResource;
import io.storefleet.gitwatcher.support.TestRepo;
import io.storefleet.model.CommitDetected;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.storefleet.gitwatcher.support.Commits.originOf;
import static io.storefleet.gitwatcher.support.Commits.sentFor;
import static org.assertj.core.api.Assertions.assertThat;

/** The database, not the process or its clones, remembers what was emitted. */
@QuarkusTest
@WithTestResource(GitWatcherTestResource.class)
class RestartTest {
    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;
    @Inject
    HeadWatcher watcher;
    @Inject
    GitWatcherConfig config;
    @Inject
    GitHeadRepository heads;
    @Inject
    CommitPublisher publisher;
    @Inject
    AgroalDataSource dataSource;
    @TempDir
    Path freshDataDir;

    private InMemorySink<String> sink() {
        return connector.sink(CommitPublisher.CHANNEL);
    }

    /** A new service instance: new in-memory state, empty data dir, same database and Kafka. */
    private HeadWatcher restarted(CommitPublisher publisher) {
        return new HeadWatcher(config, new GitMirror(freshDataDir, Duration.ofSeconds(5)), heads, publisher,
                new SimpleMeterRegistry());
    }

    @Test
    void storedHeadIsNotEmittedAgainAfterRestart() {
        watcher.check(watcher.repo("restart").orElseThrow());
        var before = sentFor(sink(), "restart").size();
        var instance = restarted(publisher);

        var result = instance.check(instance.repo("restart").orElseThrow());

        assertThat(result.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(sentFor(sink(), "restart")).hasSize(before);
    }

    @Test
    void commitPushedWhileDownIsEmittedOnceAfterRestartWithPathsSinceStoredHead() {
        watcher.check(watcher.repo("restart").orElseThrow());
        var before = sentFor(sink(), "restart").size();
        String head;
        try (var origin = TestRepo.open(originOf("restart"))) {
            origin.commit("while down 1", Map.of("x.yaml", "x"));
            head = origin.commit("while down 2", Map.of("y.yaml", "y"));
        }
        var instance = restarted(publisher);

        instance.check(instance.repo("restart").orElseThrow());
        instance.check(instance.repo("restart").orElseThrow());

        var events = sentFor(sink(), "restart");
        assertThat(events).hasSize(before + 1);
        assertThat(events.get(events.size() - 1).sha()).isEqualTo(head);
        assertThat(events.get(events.size() - 1).changedPaths()).containsExactly("x.yaml", "y.yaml");
    }

    @Test
    void headLostBeforeItWasRecordedIsReEmittedWithTheSameId() throws SQLException {
        var repo = watcher.repo("lost-ack").orElseThrow();
        watcher.check(repo);
        var first = last(sentFor(sink(), "lost-ack"));
        // as if the process died between Kafka's ack and the insert
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("DELETE FROM git_heads WHERE repo_id = ?")) {
            statement.setString(1, "lost-ack");
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }

        var result = watcher.check(repo);

        assertThat(result.outcome()).isEqualTo(Outcome.EMITTED);
        var replay = last(sentFor(sink(), "lost-ack"));
        assertThat(replay.id()).isEqualTo(first.id());
        assertThat(replay.sha()).isEqualTo(first.sha());
        assertThat(heads.lastEmitted("lost-ack", "main")).contains(first.sha());
    }

    @Test
    void failedSendLeavesHeadUnrecordedSoTheNextCheckRetries() {
        var repo = watcher.repo("send-fails").orElseThrow();
        watcher.check(repo);
        String head;
        try (var origin = TestRepo.open(originOf("send-fails"))) {
            head = origin.commit("not acked", Map.of("z.yaml", "z"));
        }
        var brokerDown = new CommitPublisher(null, config) {
            @Override
            public void publish(CommitDetected event) {
                throw new IllegalStateException("Kafka did not acknowledge");
            }
        };
        var instance = restarted(brokerDown);

        var failed = instance.check(instance.repo("send-fails").orElseThrow());

        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.error()).contains("Kafka did not acknowledge");
        assertThat(heads.lastEmitted("send-fails", "main")).isPresent().get().isNotEqualTo(head);

        var retried = watcher.check(repo);

        assertThat(retried.outcome()).isEqualTo(Outcome.EMITTED);
        assertThat(heads.lastEmitted("send-fails", "main")).contains(head);
    }

    private static CommitDetected last(List<CommitDetected> events) {
        return events.get(events.size() - 1);
    }
}
