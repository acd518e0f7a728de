package io.storefleet.gitwatcher.service;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.storefleet.gitwatcher.domain.CheckResult.Outcome;
import io.storefleet.gitwatcher.git.SshKeys;
import io.storefleet.gitwatcher.messaging.CommitPublisher;
import io.storefleet.gitwatcher.support.GitWatcherTestResource;
import io.storefleet.gitwatcher.support.TestRepo;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.CommitSignatureStatus;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.storefleet.gitwatcher.support.Commits.originOf;
import static io.storefleet.gitwatcher.support.Commits.sentFor;
import static io.storefleet.gitwatcher.support.SignedCommitPolicy.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/** A repo configured with {@code allowed-ssh-signers-file}: every emitted head carries its checked signature. */
@QuarkusTest
@WithTestResource(GitWatcherTestResource.class)
class SignedCommitPolicyTest {
    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;
    @Inject
    HeadWatcher watcher;

    @Test
    void onlyCommitsSignedByAnAllowedSshKeyAreValid(@TempDir Path tmp) throws Exception {
        var repo = watcher.repo(REPO).orElseThrow();
        var allowed = SshKeys.at(Path.of(ConfigProvider.getConfig()
                .getValue("storefleet.git-watcher.repos." + REPO + ".allowed-ssh-signers-file", String.class)).getParent());
        var stranger = SshKeys.generate(tmp.resolve("stranger"));
        watcher.check(repo);
        // the first head (signed by the allowed key) was emitted by this check or an earlier one of another test
        assertThat(sentFor(sink(), REPO).get(0).signatureStatus())
                .isEqualTo(CommitSignatureStatus.VALID_PREFIX + allowed.fingerprint());

        try (var origin = TestRepo.open(originOf(REPO))) {
            assertThat(statusAfterCheck(origin.commit("unsigned", Map.of("a.yaml", "a"))))
                    .isEqualTo(CommitSignatureStatus.REFUSED_UNSIGNED);
            assertThat(statusAfterCheck(origin.commitSigned("signed by a stranger", Map.of("b.yaml", "b"), stranger)))
                    .isEqualTo(CommitSignatureStatus.REFUSED_UNTRUSTED_PREFIX + stranger.fingerprint());
            assertThat(statusAfterCheck(origin.commitSigned("signed again", Map.of("c.yaml", "c"), allowed)))
                    .isEqualTo(CommitSignatureStatus.VALID_PREFIX + allowed.fingerprint());
        }
    }

    private String statusAfterCheck(String sha) {
        assertThat(watcher.check(watcher.repo(REPO).orElseThrow()).outcome()).isEqualTo(Outcome.EMITTED);
        List<CommitDetected> events = sentFor(sink(), REPO);
        var last = events.get(events.size() - 1);
        assertThat(last.sha()).isEqualTo(sha);
        return last.signatureStatus();
    }

    private io.smallrye.reactive.messaging.memory.InMemorySink<String> sink() {
        return connector.sink(CommitPublisher.CHANNEL);
    }
}
