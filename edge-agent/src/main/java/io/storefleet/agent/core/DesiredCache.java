package io.storefleet.agent.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The last accepted desired message per bundle on local disk ({@code <dir>/<bundle>.json}, the raw signed event),
 * so an agent restarted without network re-applies and keeps guarding what it was told last.
 * Writes go to a temp file and are moved into place: a crash leaves the old or the new file, never half of one.
 */
public final class DesiredCache {
    private static final String SUFFIX = ".json";
    private final Path dir;

    public DesiredCache(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create cache dir " + dir, e);
        }
    }

    public void put(String bundle, byte[] payload) {
        try {
            var target = file(bundle);
            var tmp = Files.createTempFile(dir, ".desired", ".tmp");
            Files.write(tmp, payload);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache desired state of " + bundle, e);
        }
    }

    public void remove(String bundle) {
        try {
            Files.deleteIfExists(file(bundle));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drop cached desired state of " + bundle, e);
        }
    }

    /** Bundle → cached payload, in bundle order. */
    public Map<String, byte[]> load() {
        var out = new TreeMap<String, byte[]>();
        try (Stream<Path> files = Files.list(dir)) {
            for (var file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                var name = file.getFileName().toString();
                var bundle = URLDecoder.decode(name.substring(0, name.length() - SUFFIX.length()), StandardCharsets.UTF_8);
                out.put(bundle, Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cache dir " + dir, e);
        }
        return out;
    }

    /** Bytes the cached messages occupy. */
    public long usedBytes() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Bytes still usable on the file system of the cache: a full disk ends offline restarts. */
    public long freeBytes() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private Path file(String bundle) {
        return dir.resolve(URLEncoder.encode(bundle, StandardCharsets.UTF_8) + SUFFIX);
    }
}
