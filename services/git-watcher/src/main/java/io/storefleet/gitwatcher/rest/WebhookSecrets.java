package io.storefleet.gitwatcher.rest;

import io.storefleet.gitwatcher.config.GitWatcherConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Webhook secrets per repo, read once from their files (first line). */
@ApplicationScoped
public class WebhookSecrets {
    private final Map<String, String> byRepo = new HashMap<>();
    private final boolean allowUnsigned;

    public WebhookSecrets(GitWatcherConfig config) {
        var shared = config.webhookSecretFile().map(WebhookSecrets::read);
        config.repos().forEach((id, repo) -> repo.webhookSecretFile().map(WebhookSecrets::read).or(() -> shared)
                .ifPresent(secret -> byRepo.put(id, secret)));
        this.allowUnsigned = config.allowUnsignedWebhooks();
    }

    public Optional<String> of(String repo) {
        return Optional.ofNullable(byRepo.get(repo));
    }

    public boolean allowUnsigned() {
        return allowUnsigned;
    }

    private static String read(String file) {
        try {
            var lines = Files.readAllLines(Path.of(file));
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                throw new IllegalStateException("webhook secret file " + file + " is empty");
            }
            return lines.get(0).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read webhook secret file " + file, e);
        }
    }
}
