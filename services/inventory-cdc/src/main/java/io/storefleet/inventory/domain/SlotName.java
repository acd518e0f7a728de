package io.storefleet.inventory.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Replication slots are server-wide, so two stacks (demo, test runs) on one Postgres must not share one:
 * the slot is named after the database. Slot names allow only {@code [a-z0-9_]} and 63 characters.
 */
public final class SlotName {
    public static final String PREFIX = "storefleet_inventory_";
    private static final int MAX = 63;

    public static String forDatabase(String database) {
        var clean = database.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        var name = PREFIX + clean;
        if (name.length() <= MAX && clean.equals(database)) {
            return name;
        }
        // lossy cleaning or truncation could make two databases collide: a hash of the real name keeps them apart
        var hash = hash(database);
        var room = MAX - PREFIX.length() - hash.length() - 1;
        return PREFIX + clean.substring(0, Math.min(room, clean.length())) + "_" + hash;
    }

    private static String hash(String s) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private SlotName() {
    }
}
