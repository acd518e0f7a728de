package io.storefleet.gitwatcher.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.storefleet.gitwatcher.config.GitWatcherConfig;
import io.storefleet.gitwatcher.domain.CheckResult;
import io.storefleet.gitwatcher.domain.CommitEvents;
import io.storefleet.gitwatcher.domain.HeadDecision;
import io.storefleet.gitwatcher.domain.RepoRef;
import io.storefleet.gitwatcher.domain.RepoStatus;
import io.storefleet.gitwatcher.git.CommitSignatures;
import io.storefleet.gitwatcher.git.GitMirror;
import io.storefleet.gitwatcher.git.GitMirrorException;
import io.storefleet.gitwatcher.messaging.CommitPublisher;
import io.storefleet.gitwatcher.persistence.GitHeadRepository;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** Checks watched repos: fetch, compare with the last emitted head, emit one CommitDetected when it moved. */
@ApplicationScoped
// created at boot: a broken signed-commits policy file then stops the start instead of failing every later check
@Startup
public class HeadWatcher {
    private static final Logger LOG = Logger.getLogger(HeadWatcher.class);

    private final Map<String, RepoRef> repos = new TreeMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, RepoStatus> statuses = new ConcurrentHashMap<>();
    private final GitMirror mirror;
    private final GitHeadRepository heads;
    private final CommitPublisher publisher;
    private final MeterRegistry meters;
    private final Map<String, CommitSignatures> signatures = new ConcurrentHashMap<>();

    public HeadWatcher(GitWatcherConfig config, GitMirror mirror, GitHeadRepository heads, CommitPublisher publisher,
                       MeterRegistry meters) {
        this.mirror = mirror;
        this.heads = heads;
        this.publisher = publisher;
        this.meters = meters;
        config.repos().forEach((id, repo) -> {
            var ref = new RepoRef(id, repo.url(), repo.branch());
            repos.put(id, ref);
            locks.put(id, new ReentrantLock());
            statuses.put(id, RepoStatus.pending(ref));
            signatures.put(id, policy(id, repo));
        });
    }

    private static CommitSignatures policy(String id, GitWatcherConfig.Repo repo) {
        try {
            return CommitSignatures.policy(repo.trustedSignersFile().map(Path::of), repo.allowedSshSignersFile().map(Path::of));
        } catch (IOException e) {
            throw new IllegalStateException("signed-commits policy of storefleet.git-watcher.repos." + id + ": " + e.getMessage(), e);
        }
    }

    public Optional<RepoRef> repo(String id) {
        return Optional.ofNullable(repos.get(id));
    }

    public List<RepoRef> repos() {
        return List.copyOf(repos.values());
    }

    /** Checks every repo in turn; a failing repo never stops the others. */
    public List<CheckResult> checkAll() {
        return repos.values().stream().map(this::check).toList();
    }

    public CheckResult check(RepoRef repo) {
        var lock = locks.get(repo.id());
        // Poll and webhook share this lock: two concurrent checks of one repo could both see the old head and emit twice.
        lock.lock();
        try {
            var result = fetchAndEmit(repo);
            recordSuccess(repo, result.head());
            return result;
        } catch (GitMirrorException e) {
            meters.counter("storefleet.git.fetch.failures", "repo", repo.id()).increment();
            return recordFailure(repo, e.getMessage());
        } catch (RuntimeException e) {
            meters.counter("storefleet.git.emit.failures", "repo", repo.id()).increment();
            return recordFailure(repo, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** Status per repo, sorted by repo id. */
    public List<RepoStatus> statuses() {
        return repos.keySet().stream().map(statuses::get).toList();
    }

    private CheckResult fetchAndEmit(RepoRef repo) {
        var head = mirror.fetch(repo);
        var decision = HeadDecision.decide(heads.lastEmitted(repo.id(), repo.branch()), head);
        if (decision instanceof HeadDecision.Emit emit) {
            var commit = mirror.describe(repo, emit.head(), emit.diffBase(), signatures.get(repo.id()));
            var event = CommitEvents.detected(repo, commit, Instant.now());
            publisher.publish(event);
            // Only after the ack: a crash in between re-emits the same event id instead of losing the commit.
            heads.recordEmitted(repo.id(), repo.branch(), head, Instant.now());
            meters.counter("storefleet.git.commits.emitted", "repo", repo.id()).increment();
            LOG.infof("emitted CommitDetected %s for %s@%s (%d changed paths)", head, repo.id(), repo.branch(),
                    commit.changedPaths().size());
            return CheckResult.emitted(repo, head);
        }
        return CheckResult.unchanged(repo, head);
    }

    private void recordSuccess(RepoRef repo, String head) {
        var previous = statuses.get(repo.id());
        if (!previous.healthy()) {
            LOG.infof("repo %s recovered after failing since %s", repo.id(), previous.failingSince());
        }
        statuses.put(repo.id(), previous.succeeded(head, Instant.now()));
    }

    private CheckResult recordFailure(RepoRef repo, String reason) {
        var previous = statuses.get(repo.id());
        // One line per distinct failure, not one per poll: a dead remote would otherwise flood the log every few seconds.
        if (previous.isNewFailure(reason)) {
            LOG.warnf("check of repo %s failed: %s", repo.id(), reason);
        }
        statuses.put(repo.id(), previous.failed(reason, Instant.now()));
        return CheckResult.failed(repo, reason);
    }
}
