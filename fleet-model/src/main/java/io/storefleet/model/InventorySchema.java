package io.storefleet.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The DDL of the {@code stores} inventory table, shared by the seeder, the planner and their tests. */
public final class InventorySchema {
    public static final String TABLE = "stores";

    public static String ddl() {
        try (var in = InventorySchema.class.getResourceAsStream("/db/stores.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InventorySchema() {
    }
}
