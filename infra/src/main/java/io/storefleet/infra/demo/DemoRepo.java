package io.storefleet.infra.demo;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Git repository on disk with a sample store app, as a chain's platform team would keep it:
 * {@code apps/pos-gateway/} (fleet.yaml, a ConfigMap and a Deployment). Used by the demo and the end-to-end tests.
 */
public final class DemoRepo implements AutoCloseable {
    public static final String BUNDLE = "apps-pos-gateway";
    private static final String APP = "apps/pos-gateway/";
    private final Git git;
    private final Path dir;
    private int release = 1;

    private DemoRepo(Git git, Path dir) {
        this.git = git;
        this.dir = dir;
    }

    /** A new repo with the sample app at release 1, committed on {@code main}. */
    public static DemoRepo create(Path dir) {
        try {
            Files.createDirectories(dir);
            var repo = new DemoRepo(Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
            repo.commit("Add pos-gateway for all stores", "platform-team", Map.of(
                    APP + "fleet.yaml", fleetYaml(),
                    APP + "configmap.yaml", configMap(1),
                    APP + "deployment.yaml", deployment(1)));
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public String head() {
        try {
            return git.getRepository().resolve("HEAD").getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ships the next release of the app: new image tag and config. Returns the new head. */
    public String nextRelease(String author) {
        return nextRelease(author, Map.of());
    }

    /** The next release plus other files in the same commit (null value = delete). */
    public String nextRelease(String author, Map<String, String> otherFiles) {
        release++;
        var files = new java.util.HashMap<>(otherFiles);
        files.put(APP + "configmap.yaml", configMap(release));
        files.put(APP + "deployment.yaml", deployment(release));
        return commit("pos-gateway: release 1." + release + ".0", author, files);
    }

    /** Writes (or, with a null value, deletes) files and commits them all. Returns the new head. */
    public String commit(String message, String author, Map<String, String> files) {
        try {
            for (var entry : files.entrySet()) {
                var file = dir.resolve(entry.getKey());
                if (entry.getValue() == null) {
                    Files.deleteIfExists(file);
                    continue;
                }
                Files.createDirectories(file.getParent());
                Files.writeString(file, entry.getValue());
            }
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            var who = new PersonIdent(author, author + "@retail.example");
            return git.commit().setMessage(message).setAuthor(who).setCommitter(who).call().getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fleetYaml() {
        return """
                # Fleet-compatible bundle: every store runs the POS gateway.
                defaultNamespace: pos
                correctDrift: true
                """;
    }

    private static String configMap(int release) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: pos-gateway-config
                data:
                  release: "1.%d.0"
                  payments.endpoint: https://payments.retail.example/v2
                """.formatted(release);
    }

    private static String deployment(int release) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: pos-gateway
                  labels:
                    app: pos-gateway
                spec:
                  replicas: 1
                  selector:
                    matchLabels:
                      app: pos-gateway
                  template:
                    metadata:
                      labels:
                        app: pos-gateway
                    spec:
                      containers:
                        - name: gateway
                          image: registry.retail.example/pos-gateway:1.%d.0
                          ports:
                            - containerPort: 8443
                """.formatted(release);
    }

    @Override
    public void close() {
        git.close();
    }
}
