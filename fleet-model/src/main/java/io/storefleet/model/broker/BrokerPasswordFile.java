package io.storefleet.model.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The broker's store password file ({@code user:$7$...} per line), changed by more than one writer (the launcher's
 * bulk credentials, the dispatcher's enrolment and revocation): each change is a read-modify-write under an exclusive
 * lock on {@code <file>.lock}, replacing the file atomically, so no writer loses another's line. After a change the
 * broker is told to reload ({@link #reloadBroker}); Mosquitto then also drops the sessions of users no longer listed.
 */
public final class BrokerPasswordFile {
    private final Path file;

    public BrokerPasswordFile(Path file) {
        this.file = file;
    }

    /** Applies {@code change} to user → hash, under the lock. */
    public void update(Consumer<Map<String, String>> change) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (var lock = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); var held = lock.lock()) {
            var entries = read();
            change.accept(entries);
            var out = new StringBuilder();
            entries.forEach((user, hash) -> out.append(user).append(':').append(hash).append('\n'));
            var tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, out);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    public boolean contains(String user) throws IOException {
        return read().containsKey(user);
    }

    private Map<String, String> read() throws IOException {
        var entries = new LinkedHashMap<String, String>();
        if (Files.exists(file)) {
            for (var line : Files.readAllLines(file)) {
                var colon = line.indexOf(':');
                if (colon > 0) {
                    entries.put(line.substring(0, colon), line.substring(colon + 1));
                }
            }
        }
        return entries;
    }

    /** SIGHUP to the broker whose pid is in {@code pidFile}; false when it is not running (it reads the file at start). */
    public static boolean reloadBroker(Path pidFile) throws IOException, InterruptedException {
        if (pidFile == null || !Files.exists(pidFile)) {
            return false;
        }
        var pid = Files.readString(pidFile).strip();
        if (pid.isEmpty() || ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
            return false;
        }
        var exit = new ProcessBuilder("kill", "-HUP", pid).redirectErrorStream(true).start().waitFor();
        if (exit != 0) {
            throw new IOException("could not signal the broker (pid " + pid + ") to reload");
        }
        return true;
    }

    /** A store id that can be a broker username and an ACL {@code %u} substitution (no topic separators or wildcards). */
    public static boolean validUser(String id) {
        return id != null && !id.isEmpty() && id.length() <= 200
                && id.chars().noneMatch(c -> c == '/' || c == '+' || c == '#' || c == ':' || c <= ' ' || c == 127);
    }
}
