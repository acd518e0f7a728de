package io.storefleet.dispatcher.enrolment;

import io.storefleet.model.auth.OperatorTokens;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Pending one-time enrolment tokens, one line each: {@code <sha256(token)> <store id> <expiry epoch s>}. Only hashes
 * are kept; a token is consumed by the exchange that succeeds, under an exclusive file lock, so two exchanges of one
 * token cannot both win.
 */
public final class EnrolmentTokens {
    private final Path file;

    public EnrolmentTokens(Path file) {
        this.file = file;
    }

    /** Adds a token for {@code storeId} valid until {@code expires}; returns the token (shown once, never stored). */
    public String issue(String storeId, Instant expires) throws IOException {
        var token = "sfe_" + OperatorTokens.newToken().substring(4);
        change(lines -> {
            lines.add(new Pending(OperatorTokens.hash(token), storeId, expires.getEpochSecond()));
            return null;
        });
        return token;
    }

    /** True, and the token is gone, when it was issued for {@code storeId} and has not expired or been used. */
    public boolean consume(String storeId, String token, Instant now) throws IOException {
        if (token == null || token.isBlank()) {
            return false;
        }
        var hash = OperatorTokens.hash(token.strip());
        return change(lines -> {
            lines.removeIf(p -> p.expiresEpochSecond() < now.getEpochSecond());
            return lines.removeIf(p -> p.hash().equals(hash) && p.storeId().equals(storeId));
        });
    }

    /** Drops every pending token of a store (it was revoked). */
    public void dropAll(String storeId) throws IOException {
        change(lines -> lines.removeIf(p -> p.storeId().equals(storeId)));
    }

    private <T> T change(Function<List<Pending>, T> edit) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (var lock = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); var held = lock.lock()) {
            var lines = new ArrayList<Pending>();
            if (Files.exists(file)) {
                for (var line : Files.readAllLines(file)) {
                    var parts = line.strip().split(" ");
                    if (parts.length == 3) {
                        lines.add(new Pending(parts[0], parts[1], Long.parseLong(parts[2])));
                    }
                }
            }
            var result = edit.apply(lines);
            var out = new StringBuilder();
            lines.forEach(p -> out.append(p.hash()).append(' ').append(p.storeId()).append(' ').append(p.expiresEpochSecond()).append('\n'));
            var tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, out);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return result;
        }
    }

    private record Pending(String hash, String storeId, long expiresEpochSecond) {
    }
}
