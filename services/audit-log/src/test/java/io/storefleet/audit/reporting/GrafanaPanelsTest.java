package io.storefleet.audit.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.storefleet.audit.PostgresTestResource;
import io.storefleet.audit.domain.LedgerMapping;
import io.storefleet.audit.domain.Projections;
import io.storefleet.audit.persistence.LedgerWriter;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.RolloutCompleted;
import io.storefleet.model.RolloutStarted;
import io.storefleet.model.RolloutWave;
import io.storefleet.model.WaveHalted;
import io.storefleet.model.WaveStarted;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.storefleet.audit.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Every panel of infra/grafana/dashboards/*.json, its SQL run against a populated ledger, rows checked. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class GrafanaPanelsTest {
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([a-z_\"]+)\\)");

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @Inject
    LedgerWriter writer;

    @Test
    void everyPanelsSqlAnswersWithRowsThatMatchTheLedger() throws Exception {
        var sha = unique("c0de");
        var fast = unique("store");
        var failing = unique("store");
        var drifting = unique("store");
        append(commit("shop", sha), planned(fast, "pos", "d1", "shop", sha), planned(failing, "pos", "d1", "shop", sha),
                planned(drifting, "pos", "d1", "shop", sha), planningFailed("shop", sha, "kiosk"));
        append(reported(fast, status("pos", BundleState.Ready, "d1", sha)), online(fast),
                reported(failing, new BundleStatus("pos", BundleState.ErrApplied, "d1", sha, "ImagePullBackOff")),
                online(failing), reported(drifting, status("pos", BundleState.Modified, "d1", sha)),
                reported(drifting, status("pos", BundleState.Modified, "d1", sha)),
                reported(drifting, status("pos", BundleState.OutOfSync, "d1", sha)), offline(drifting));
        var done = "pos@" + unique("r");
        var halted = "web@" + unique("r");
        append(new RolloutStarted(at(done, 0), done, "shop", sha, "pos", "immediate", "PT1M", "1", false,
                        List.of(new RolloutWave(0, "canary", List.of(fast), 0), new RolloutWave(1, "rest", List.of(failing), 0))),
                new WaveStarted(at(done, 1), done, "shop", sha, "pos", 0, "canary", List.of(fast)),
                // a wave announced in two parts (as a wave of more than WaveStarted.MAX_STORES is) is one started wave
                new WaveStarted(at(done, 60), done, "shop", sha, "pos", 1, "rest", List.of(failing), 2, 0, 2),
                new WaveStarted(at(done, 60), done, "shop", sha, "pos", 1, "rest", List.of(drifting), 2, 1, 2),
                new RolloutCompleted(at(done, 125), done, "shop", sha, "pos", "Completed", 2),
                new RolloutStarted(at(halted, 0), halted, "shop", sha, "web", "immediate", "PT1M", "1", false,
                        List.of(new RolloutWave(0, "canary", List.of(failing), 0))),
                new WaveStarted(at(halted, 1), halted, "shop", sha, "web", 0, "canary", List.of(failing)),
                new WaveHalted(at(halted, 30), halted, "shop", sha, "web", 0, "canary", List.of(), List.of(),
                        "1 of 1 stores failed, threshold 1"));

        var panels = panels();
        assertThat(panels.keySet()).containsExactlyInAnyOrder("Deployments per hour",
                "Time to Ready per rollout (commit)", "Stores by state", "Drift events by store", "Failures by reason",
                "Rollouts (waves, outcome, duration)");
        var results = new LinkedHashMap<String, List<Map<String, Object>>>();
        for (var panel : panels.entrySet()) {
            var rows = query(panel.getValue());
            assertThat(rows).as(panel.getKey()).isNotEmpty();
            results.put(panel.getKey(), rows);
        }

        var perHour = results.get("Deployments per hour");
        assertThat(perHour).allSatisfy(r -> assertThat(r).containsKeys("time", "planned_bundles", "commits"));
        assertThat(perHour.stream().mapToLong(r -> ((Number) r.get("planned_bundles")).longValue()).sum()).isGreaterThanOrEqualTo(3);

        var rollout = results.get("Time to Ready per rollout (commit)").stream()
                .filter(r -> sha.equals(r.get("commit"))).findFirst().orElseThrow();
        assertThat(((Number) rollout.get("stores")).intValue()).isEqualTo(3);
        assertThat(((Number) rollout.get("ready_stores")).intValue()).isEqualTo(1);
        assertThat(((Number) rollout.get("p50_s")).doubleValue()).isBetween(0.0, 60.0);

        var byState = results.get("Stores by state");
        long total = count("SELECT count(*) FROM store_view");
        assertThat(byState.stream().mapToLong(r -> ((Number) r.get("stores")).longValue()).sum()).isEqualTo(total);
        assertThat(byState).extracting(r -> r.get("state")).contains("Ready", "ErrApplied", "Offline");

        assertThat(results.get("Drift events by store")).anySatisfy(r -> {
            assertThat(r.get("store_id")).isEqualTo(drifting);
            assertThat(((Number) r.get("drift_reports")).intValue()).isEqualTo(3);
        });
        var rollouts = results.get("Rollouts (waves, outcome, duration)");
        assertThat(rollouts).anySatisfy(r -> {
            assertThat(r.get("rollout_id")).isEqualTo(done);
            assertThat(r.get("state")).isEqualTo("Completed");
            assertThat(((Number) r.get("waves_started")).intValue()).isEqualTo(2);
            assertThat(((Number) r.get("waves")).intValue()).isEqualTo(2);
            assertThat(((Number) r.get("duration_s")).doubleValue()).isEqualTo(125.0);
        });
        assertThat(rollouts).anySatisfy(r -> {
            assertThat(r.get("rollout_id")).isEqualTo(halted);
            assertThat(r.get("state")).isEqualTo("Halted");
            assertThat(r.get("halted_because")).isEqualTo("1 of 1 stores failed, threshold 1");
            assertThat(r.get("duration_s")).isNull();
        });
        assertThat(results.get("Failures by reason")).extracting(r -> r.get("reason"))
                .contains("PlanningFailed: YamlInvalid", "ErrApplied: ImagePullBackOff", "StoreOffline: LastWill");
    }

    private static io.storefleet.model.EventMeta at(String rollout, int seconds) {
        return new io.storefleet.model.EventMeta(java.util.UUID.randomUUID().toString(), T0.plusSeconds(seconds),
                "bundle-planner", rollout, io.storefleet.model.EventMeta.SCHEMA_VERSION);
    }

    /** Panel title → its SQL, Grafana's time macro replaced by the last week. */
    private static Map<String, String> panels() throws Exception {
        var dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("infra/grafana/dashboards"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repo root with infra/grafana").isNotNull();
        var from = Instant.now().minus(7, ChronoUnit.DAYS);
        var to = Instant.now().plus(1, ChronoUnit.HOURS);
        var panels = new LinkedHashMap<String, String>();
        try (var files = Files.list(dir.resolve("infra/grafana/dashboards"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode dashboard = EventCodec.mapper().readTree(Files.readString(file));
                for (var panel : dashboard.path("panels")) {
                    for (var target : panel.path("targets")) {
                        var sql = TIME_FILTER.matcher(target.path("rawSql").asText())
                                .replaceAll("$1 BETWEEN '" + from + "' AND '" + to + "'");
                        panels.put(panel.path("title").asText(), sql);
                    }
                }
            }
        }
        return panels;
    }

    private List<Map<String, Object>> query(String sql) throws Exception {
        try (var c = DriverManager.getConnection(url, "postgres", ""); var st = c.createStatement();
             var rs = st.executeQuery(sql)) {
            var rows = new ArrayList<Map<String, Object>>();
            var meta = rs.getMetaData();
            while (rs.next()) {
                var row = new LinkedHashMap<String, Object>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private long count(String sql) throws Exception {
        return ((Number) query(sql).get(0).values().iterator().next()).longValue();
    }

    private void append(FleetEvent... events) {
        var batch = new ArrayList<LedgerWriter.Pending>();
        for (var e : events) {
            batch.add(new LedgerWriter.Pending(LedgerMapping.toRow(e, null), Projections.of(e)));
        }
        writer.appendAll(batch).await().indefinitely();
    }
}
