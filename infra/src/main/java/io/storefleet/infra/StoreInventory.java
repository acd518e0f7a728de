package io.storefleet.infra;

import io.storefleet.model.EventCodec;
import io.storefleet.model.InventorySchema;
import io.storefleet.model.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** The {@code stores} table: schema and seeding from the fixture inventory ({@code shared/fixtures/stores.csv}). */
public final class StoreInventory {

    /** One CSV row; {@link #store} turns it into the model record. */
    public record Row(String id, String name, String city, String state, String region, String timezone, String format,
                      String hardware, String posVersion, boolean canary, String hours, String freeze) {
        public Store store() {
            var labels = new LinkedHashMap<String, String>();
            labels.put("region", region);
            labels.put("format", format);
            labels.put("hardware", hardware);
            labels.put("pos", posVersion);
            labels.put("canary", Boolean.toString(canary));
            labels.put("state", state);
            labels.put("city", city);
            return new Store(id, name, region, format, labels, timezone, hours, freeze, true);
        }
    }

    /** The 700-store fixture inventory bundled with infra. */
    public static List<Row> fixture() {
        try (var in = StoreInventory.class.getResourceAsStream("/fixtures/stores.csv")) {
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Row> readCsv(Path csv) {
        try {
            return parse(Files.readAllLines(csv));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Row> parse(List<String> lines) {
        var rows = new ArrayList<Row>();
        for (var line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            var f = line.split(",", -1);
            rows.add(new Row(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], Boolean.parseBoolean(f[9]), f[10], f[11]));
        }
        return rows;
    }

    /**
     * N stores named {@code prefix + %04d}. The fixture has 700; beyond that its rows repeat under new ids,
     * as the fixture README asks.
     */
    public static List<Row> stores(List<Row> fixture, int count, String idPrefix) {
        var out = new ArrayList<Row>(count);
        for (int i = 1; i <= count; i++) {
            var r = fixture.get((i - 1) % fixture.size());
            var name = i <= fixture.size() ? r.name() : r.city() + " #" + i;
            out.add(new Row(storeId(idPrefix, i), name, r.city(), r.state(), r.region(), r.timezone(), r.format(),
                    r.hardware(), r.posVersion(), r.canary(), r.hours(), r.freeze()));
        }
        return out;
    }

    public static String storeId(String prefix, int i) {
        return prefix + String.format("%04d", i);
    }

    public static void createSchema(Connection c) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(InventorySchema.ddl());
        }
    }

    /** Upserts the rows in one batch. */
    public static void upsert(Connection c, List<Row> rows) throws SQLException {
        var sql = """
                INSERT INTO stores (id, name, city, state, region, timezone, format, labels, opening_hours, freeze_periods, enrolled)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, true)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, city = EXCLUDED.city, state = EXCLUDED.state,
                  region = EXCLUDED.region, timezone = EXCLUDED.timezone, format = EXCLUDED.format,
                  labels = EXCLUDED.labels, opening_hours = EXCLUDED.opening_hours, freeze_periods = EXCLUDED.freeze_periods, updated_at = now()
                """;
        try (var ps = c.prepareStatement(sql)) {
            for (var r : rows) {
                var s = r.store();
                ps.setString(1, r.id());
                ps.setString(2, r.name());
                ps.setString(3, r.city());
                ps.setString(4, r.state());
                ps.setString(5, r.region());
                ps.setString(6, r.timezone());
                ps.setString(7, r.format());
                ps.setString(8, EventCodec.encode(s.labels()));
                ps.setString(9, r.hours());
                ps.setString(10, r.freeze());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private StoreInventory() {
    }
}
