package io.storefleet.agent.core;

import io.storefleet.model.BundleSigning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The planner public-key file, one format for the agent app ({@code storefleet.agent.public-key-file}) and the
 * simulator ({@code --public-key-file}): one base64 X.509 Ed25519 key per line, blank lines and {@code #} comments
 * ignored. Several keys while the signing key is rotated (docs/OPERATIONS.md); a file with one key is a set of one.
 */
public final class PlannerKeys {

    /** @throws IllegalArgumentException when a line is not a key or there is no key at all */
    public static List<PublicKey> parse(String content) {
        var keys = new ArrayList<PublicKey>();
        for (var line : content.split("\\R")) {
            var trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                keys.add(BundleSigning.publicKey(trimmed));
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no planner public key in the key file");
        }
        return List.copyOf(keys);
    }

    /** @throws IllegalArgumentException naming the file when it cannot be read or holds no valid key set */
    public static List<PublicKey> read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read planner key file " + file + ": " + e.getMessage(), e);
        }
    }

    private PlannerKeys() {
    }
}
