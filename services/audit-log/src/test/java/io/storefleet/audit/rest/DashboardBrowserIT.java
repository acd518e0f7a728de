package io.storefleet.audit.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.storefleet.audit.PostgresTestResource;
import io.storefleet.audit.domain.InventoryChange;
import io.storefleet.audit.domain.LedgerMapping;
import io.storefleet.audit.domain.Projections;
import io.storefleet.audit.persistence.InventoryWriter;
import io.storefleet.audit.persistence.LedgerWriter;
import io.storefleet.model.BundleState;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.RolloutStarted;
import io.storefleet.model.RolloutWave;
import io.storefleet.model.WaveStarted;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.storefleet.audit.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless browser (Debian's chromium via playwright-core; installed by
 * infra/bin/ensure-browser.sh when missing): summary, versions, grid, state filter, and a store that appears through
 * the SSE stream while the page is open; then the region and label filters over the streamed inventory and the
 * rollout panel. Saves target/dashboard.png and target/dashboard-filtered.png.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class DashboardBrowserIT {

    @TestHTTPResource("/dashboard/index.html")
    URL page;

    @Inject
    LedgerWriter writer;

    @Inject
    InventoryWriter inventory;

    @Test
    void theDashboardShowsTheFleetFiltersByStateAndUpdatesLive() throws Exception {
        var tools = ensureBrowser();
        var sha = unique("c0ffee");
        var ready = "0-ready-" + unique("s");
        var broken = "0-err-" + unique("s");
        var gone = "0-gone-" + unique("s");
        var live = "0-live-" + unique("s");
        append(planned(ready, "pos", "d1", "shop", sha), reported(ready, status("pos", BundleState.Ready, "d1", sha)),
                online(ready),
                planned(broken, "pos", "d1", "shop", sha),
                reported(broken, new io.storefleet.model.BundleStatus("pos", BundleState.ErrApplied, "d1", sha, "ImagePullBackOff")),
                online(broken), online(gone), offline(gone));
        // the inventory as inventory-cdc streams it: regions and labels for the grid's filters
        var region = unique("west");
        var gold = "0-gold-" + unique("s");
        append(online(gold));
        for (var s : List.of(ready, broken, gold)) {
            var tier = s.equals(broken) ? "silver" : "gold";
            inventory.apply(new InventoryChange(s, s, region, "express",
                    Map.of("tier", tier), true, false, 1L)).await().indefinitely();
        }
        inventory.apply(new InventoryChange(gone, gone, unique("east"), null, Map.of(), true,
                false, 1L)).await().indefinitely();
        var rollout = "pos@" + sha.substring(0, 8);
        append(new RolloutStarted(meta("bundle-planner", rollout), rollout,
                        "shop", sha, "pos", "immediate", "PT1M", "10%", false,
                        List.of(new RolloutWave(0, "canary", List.of(ready), 0),
                                new RolloutWave(1, "rest", List.of(broken, gold), 1))),
                new WaveStarted(meta("bundle-planner", rollout), rollout,
                        "shop", sha, "pos", 0, "canary", List.of(ready)));

        var screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        var script = Path.of("src/test/resources/browser/dashboard.cjs").toAbsolutePath();
        var filtered = Path.of("target", "dashboard-filtered.png").toAbsolutePath();
        Files.deleteIfExists(filtered);
        var node = new ProcessBuilder("node", script.toString(), tools.toString(), page.toString(), screenshot.toString(), live,
                region, "tier=gold", filtered.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (var out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("loaded")) {
                    append(online(live)); // only the SSE stream can bring this one onto the open page
                } else if (line.startsWith("{")) {
                    result = line;
                }
            }
        }
        assertThat(node.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(node.exitValue()).as("node exit").isZero();
        assertThat(result).isNotNull();

        @SuppressWarnings("unchecked")
        Map<String, Object> shown = EventCodec.decode(result, Map.class);
        @SuppressWarnings("unchecked")
        var rows = (List<String>) shown.get("rows");
        assertThat(rows).anyMatch(r -> r.startsWith(broken) && r.contains("ErrApplied") && r.contains("ImagePullBackOff"));
        assertThat(rows).anyMatch(r -> r.startsWith(ready) && r.contains("Ready"));
        assertThat(rows).anyMatch(r -> r.startsWith(gone) && r.contains("OFFLINE"));
        assertThat(rows).anyMatch(r -> r.startsWith(live));
        assertThat((String) shown.get("summary")).contains("stores").contains("ErrApplied");
        assertThat((String) shown.get("versions")).contains(sha.substring(0, 12));
        @SuppressWarnings("unchecked")
        var errRows = (List<String>) shown.get("errRows");
        assertThat(errRows).contains(broken).doesNotContain(ready, gone);
        assertThat(shown.get("live")).isEqualTo("live");
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);

        // region filter (from the inventory stream), then labels
        @SuppressWarnings("unchecked")
        var regionRows = (List<String>) shown.get("regionRows");
        assertThat(regionRows).containsExactlyInAnyOrder(ready, broken, gold);
        @SuppressWarnings("unchecked")
        var labelRows = (List<String>) shown.get("labelRows");
        assertThat(labelRows).containsExactlyInAnyOrder(ready, gold);
        assertThat(filtered).exists();
        assertThat(Files.size(filtered)).isGreaterThan(10_000);
        // rollout progress: wave 1 of 2 released to the canary, which reports Ready
        @SuppressWarnings("unchecked")
        var rollouts = (List<String>) shown.get("rollouts");
        assertThat(rollouts).anyMatch(r -> r.startsWith(rollout) && r.contains("Running") && r.contains("1 / 2 (canary)")
                && r.contains("1 / 1 / 3"));
    }

    private void append(FleetEvent... events) {
        var batch = new ArrayList<LedgerWriter.Pending>();
        for (var e : events) {
            batch.add(new LedgerWriter.Pending(LedgerMapping.toRow(e, null), Projections.of(e)));
        }
        writer.appendAll(batch).await().indefinitely();
    }

    /** Runs infra/bin/ensure-browser.sh from the repo root; returns the tools dir it prints last. */
    private static Path ensureBrowser() throws IOException, InterruptedException {
        var dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("infra/bin/ensure-browser.sh"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repo root with infra/bin/ensure-browser.sh").isNotNull();
        var p = new ProcessBuilder("bash", dir.resolve("infra/bin/ensure-browser.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("ensure-browser.sh exit").isZero();
        var lines = out.split("\n");
        return Path.of(lines[lines.length - 1].trim());
    }
}
