package io.storefleet.gitwatcher.git;

import io.storefleet.gitwatcher.config.DataDir;
import io.storefleet.gitwatcher.config.GitWatcherConfig;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/** GitMirror stays a plain class so unit tests can build one on a temp dir without CDI. */
public class GitMirrorProducer {

    @Produces
    @Singleton
    GitMirror gitMirror(DataDir dataDir, GitWatcherConfig config) {
        return new GitMirror(dataDir.root(), config.fetchTimeout());
    }
}
