package io.storefleet.planner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** A folder on disk as the planner sees a commit: repo path → bytes. */
public final class RepoFiles {
    public static final Path EXAMPLES = Path.of("src/test/resources/fleet-examples");

    public static Map<String, byte[]> read(Path root) {
        var files = new TreeMap<String, byte[]>();
        try (var walk = Files.walk(root)) {
            for (var path : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The examples with some files replaced or added (content null removes the file). */
    public static Map<String, byte[]> examplesWith(Map<String, String> changes) {
        var files = read(EXAMPLES);
        changes.forEach((path, content) -> {
            if (content == null) {
                files.remove(path);
            } else {
                files.put(path, content.getBytes(StandardCharsets.UTF_8));
            }
        });
        return files;
    }

    private RepoFiles() {
    }
}
