package io.storefleet.gitwatcher.domain;

import io.storefleet.model.EventCodec;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.Person;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CommitEventsTest {
    private static final RepoRef REPO = new RepoRef("shop-config", "/srv/git/shop", "main");
    private static final CommitInfo COMMIT = new CommitInfo("c0ffee", "beef", new Person("A", "a@x"),
            new Person("C", "c@x"), "msg\n", Instant.parse("2026-01-01T00:00:00Z"), List.of("b.yaml", "a.yaml", "b.yaml"));

    @Test
    void eventIdIsDerivedFromRepoBranchAndSha() {
        var expected = UUID.nameUUIDFromBytes("shop-config|main|c0ffee".getBytes(StandardCharsets.UTF_8)).toString();

        var first = CommitEvents.detected(REPO, COMMIT, Instant.parse("2026-02-01T00:00:00Z"));
        var replay = CommitEvents.detected(REPO, COMMIT, Instant.parse("2026-03-01T00:00:00Z"));

        assertThat(first.id()).isEqualTo(expected).isEqualTo(replay.id());
    }

    @Test
    void otherBranchOfSameShaGetsAnotherId() {
        assertThat(CommitEvents.eventId("shop-config", "main", "c0ffee"))
                .isNotEqualTo(CommitEvents.eventId("shop-config", "release", "c0ffee"));
    }

    @Test
    void eventCarriesEnvelopeAndCommitFields() {
        var event = CommitEvents.detected(REPO, COMMIT, Instant.parse("2026-02-01T00:00:00Z"));

        assertThat(event.meta().source()).isEqualTo("git-watcher");
        assertThat(event.meta().subject()).isEqualTo("shop-config");
        assertThat(event.key()).isEqualTo("shop-config");
        assertThat(event.repoUrl()).isEqualTo("/srv/git/shop");
        assertThat(event.parent()).isEqualTo("beef");
        assertThat(event.signatureStatus()).isEqualTo("unsigned");
        assertThat(event.changedPaths()).containsExactly("a.yaml", "b.yaml");
    }

    @Test
    void eventSurvivesTheCodec() {
        var event = CommitEvents.detected(REPO, COMMIT, Instant.parse("2026-02-01T00:00:00Z"));

        assertThat(EventCodec.decode(EventCodec.encode(event))).isInstanceOf(CommitDetected.class).isEqualTo(event);
    }
}
