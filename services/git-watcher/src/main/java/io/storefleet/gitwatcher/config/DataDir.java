package io.storefleet.gitwatcher.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;

/** The service's writable directory; shared key {@code storefleet.data-dir} across services (see CONTRACTS.md). */
@ApplicationScoped
public class DataDir {
    private final Path root;

    /** @param root {@code storefleet.data-dir}: where the bare clones of watched repos live. */
    public DataDir(@ConfigProperty(name = "storefleet.data-dir", defaultValue = "data/git-watcher") String root) {
        this.root = Path.of(root).toAbsolutePath();
    }

    public Path root() {
        return root;
    }
}
