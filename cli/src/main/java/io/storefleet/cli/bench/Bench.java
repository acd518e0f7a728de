package io.storefleet.cli.bench;

import io.storefleet.agent.sim.Simulator;
import io.storefleet.agent.sim.SimulatorConfig;
import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Postgres;
import io.storefleet.infra.Service;
import io.storefleet.infra.StoreInventory;
import io.storefleet.infra.demo.Convergence;
import io.storefleet.infra.demo.DemoRepo;
import io.storefleet.infra.demo.FleetApi;
import io.storefleet.model.MqttTopics;
import io.storefleet.model.view.BundleView;
import io.storefleet.model.view.StoreView;
import org.eclipse.jgit.api.Git;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One benchmark run on the real local stack (Kafka, Mosquitto, Postgres, the four services as processes) with the
 * simulator in this JVM (so the bench can take stores offline and bring them back): bare broker fan-out, push →
 * all Ready, rollback by {@code git revert}, optional faults, ledger vs emitted, peak RSS, optional git-poll
 * baseline. Used by {@code ./storefleet bench} and by {@code e2e/BenchFaultsIT}.
 */
public final class Bench {
    /** Heartbeats every 24 h: the bench compares the ledger with Kafka at rest, and heartbeats never rest. */
    static final Duration HEARTBEAT = Duration.ofHours(24);
    static final List<String> FAULT_ORDER = List.of("bundle-planner", "store-dispatcher", "audit-log", "kafka", "mosquitto");

    private final BenchOptions o;
    private final PrintStream out;
    private final Map<String, Long> peakRssKb = new TreeMap<>();
    private LocalStack stack;
    private FleetApi api;
    private DemoRepo repo;
    private List<String> storeIds;
    private Set<String> warmUpDeployments = Set.of();

    private Bench(BenchOptions o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    public static BenchReport run(BenchOptions options, PrintStream out) throws Exception {
        return new Bench(options, out).run();
    }

    private BenchReport run() throws Exception {
        var r = new BenchReport();
        r.put("stores", o.stores());
        r.put("load_at_start", loadAverage());
        stack = LocalStack.create(o.home(), o.stackName(), o.database(), true);
        // Ctrl-C or a CI timeout must not leave Kafka, Mosquitto and the services running
        var hook = new Thread(stack::close, "stop-bench-stack");
        Runtime.getRuntime().addShutdownHook(hook);
        Simulator simulator = null;
        try {
            out.println("bench: " + o.stores() + " stores, logs in " + stack.logDir() + " (load " + loadAverage() + ")");
            stack.startInfra();
            storeIds = SimulatorConfig.numberedIds(o.idPrefix(), o.stores());
            try (var c = Postgres.connect(o.database())) {
                StoreInventory.createSchema(c);
                StoreInventory.upsert(c, StoreInventory.stores(StoreInventory.fixture(), o.stores(), o.idPrefix()));
            }
            repo = DemoRepo.create(stack.runDir().resolve("fleet-repo"));
            stack.startServices(Map.of(Service.GIT_WATCHER, Map.of(
                    "storefleet.git-watcher.repos.bench.url", repo.dir().toString(),
                    "storefleet.git-watcher.repos.bench.branch", "main",
                    // the bench pushes through the webhook, as a Git host would; polling stays a slow safety net
                    "storefleet.git-watcher.poll-interval", "60s")));
            api = FleetApi.of(stack);
            out.println("- stack up; starting " + o.stores() + " simulated stores in this JVM");
            // each simulated store logs in with its own credential over TLS, as in the demo
            simulator = Simulator.start(SimulatorConfig.of("127.0.0.1", stack.mqttPort(), storeIds).withHeartbeatInterval(HEARTBEAT)
                    .withSecurity(stack.mqttCaFile().toString(), stack.enrolStores(storeIds)));
            var first = repo.head();
            requireConverged(awaitConverged(first, Instant.now(), id -> true), "first rollout (warm-up)");
            warmUpDeployments = deploymentIds(first);

            // the probe's N clients share this JVM with the N simulated stores: 2 N sockets must fit the fd limit
            boolean fanoutFits = 2L * o.stores() + 2_000 <= maxOpenFiles();
            if (o.fanout() && !fanoutFits) {
                out.println("- bare broker fan-out skipped: " + o.stores() + " probe clients + " + o.stores()
                        + " stores exceed this JVM's open-file limit (" + maxOpenFiles() + ")");
                r.put("broker_fanout_s", null);
                r.put("broker_fanout_note", "skipped: 2 x " + o.stores() + " sockets exceed the open-file limit " + maxOpenFiles());
            }
            if (o.fanout() && fanoutFits) {
                BrokerFanout.login = new BrokerFanout.Login(io.storefleet.infra.broker.BrokerSecurity.DISPATCHER_USER,
                        stack.mqttDispatcherPassword(), stack.mqttCaFile().toString());
                var payload = BrokerFanout.retainedSize("127.0.0.1", stack.mqttServicePort(), MqttTopics.desired(storeIds.get(0), DemoRepo.BUNDLE));
                out.println("- bare broker fan-out: " + o.stores() + " subscribers, one retained QoS 1 message of " + payload + " bytes each");
                var fanout = BrokerFanout.measure("127.0.0.1", stack.mqttServicePort(), o.stores(), Math.max(payload, 1), o.timeout());
                r.put("broker_fanout_s", round(fanout));
                r.put("broker_fanout_payload_bytes", payload);
                r.put("broker_fanout_msgs_per_s", round(o.stores() / fanout));
            }
            resetOwnPeakRss();

            rollout(r);
            rollback(r);
            drift(r, simulator);
            if (o.faults()) {
                faults(r, simulator);
            }
            sampleRss();
            ledger(r);
            sampleRss();
            var rss = new TreeMap<String, Object>();
            peakRssKb.forEach((name, kb) -> rss.put(name, kb < 0 ? null : kb / 1024));
            r.put("peak_rss_mb", rss);
        } finally {
            if (simulator != null) {
                simulator.close();
            }
            stack.close();
            Runtime.getRuntime().removeShutdownHook(hook);
            if (repo != null) {
                repo.close();
            }
        }
        if ("git-poll".equals(o.baseline())) {
            out.println("- baseline git-poll: " + o.stores() + " stores polling git daemon every " + o.pollInterval().toSeconds() + " s");
            try (var baseline = new GitPollBaseline(stack.runDir().resolve("baseline"), o.stores(), o.pollInterval())) {
                var b = baseline.run(o.timeout());
                var m = new LinkedHashMap<String, Object>();
                m.put("poll_interval_s", b.interval().toSeconds());
                m.put("converge_s", round(b.seconds()));
                m.put("converge_p50_s", round(b.perStore().p50()));
                m.put("converge_p95_s", round(b.perStore().p95()));
                m.put("git_requests_served", b.served());
                m.put("ls_remotes", b.lsRemotes());
                m.put("full_fetches", b.fetches());
                m.put("poll_errors", b.errors());
                r.put("baseline_git_poll", m);
            }
        }
        r.put("load_at_end", loadAverage());
        return r;
    }

    /** Push a release → every store Ready on it; per-store times from the ledger. */
    private void rollout(BenchReport r) throws Exception {
        out.println("- measured rollout: commit release, webhook, wait for " + o.stores() + " stores Ready");
        var start = Instant.now();
        var sha = repo.nextRelease("alice");
        api.triggerWebhook();
        var seconds = awaitConverged(sha, start, id -> true);
        requireConverged(seconds, "measured rollout");
        r.put("converge_s", round(seconds));
        r.put("commit", sha);
        var perStore = readyTimes(sha, start);
        var stats = Stats.of(perStore.values());
        r.put("converge_p50_s", round(stats.p50()));
        r.put("converge_p95_s", round(stats.p95()));
        r.put("converge_max_s", round(stats.max()));
        r.put("per_store_source", "ledger: first StoreStatusReported with the commit Ready (agent event time) minus commit time");
        r.put("stages_s", stages(sha, start, seconds));
        if (r.get("broker_fanout_s") instanceof Double fanout) {
            r.put("converge_vs_broker_fanout", round(seconds / fanout));
        }
        r.put("deployment_id", deploymentIds(sha));
    }

    /** {@code git revert} of the release, committed and pushed through the webhook → every store back on the old id. */
    private void rollback(BenchReport r) throws Exception {
        var released = (String) r.get("commit");
        try (var git = Git.open(repo.dir().toFile())) {
            out.println("- rollback: git revert " + released.substring(0, 8) + ", webhook, wait for every store back");
            var start = Instant.now();
            var revert = git.revert().include(git.getRepository().resolve(released)).call().getName();
            api.triggerWebhook();
            var seconds = awaitConverged(revert, start, id -> true);
            requireConverged(seconds, "rollback");
            r.put("rollback_s", round(seconds));
            var ids = deploymentIds(revert);
            r.put("rollback_deployment_id", ids);
            // content-addressed ids: the revert's content is the warm-up commit's, so the id must be the same
            r.put("rollback_back_on_previous_deployment", ids.equals(warmUpDeployments));
        }
    }

    /**
     * Drift on 1 % of the stores (at least one): someone changes an object behind the agent's back. Per store:
     * injection → the agent's Ready report after its Modified report (agent clock, {@code drift_p50_s/p99_s}), and
     * injection → that Ready report recorded in the ledger ({@code drift_recorded_*}: what the fleet sees).
     */
    private void drift(BenchReport r, Simulator simulator) throws Exception {
        var injectedAt = new LinkedHashMap<String, Instant>();
        int step = 100;
        for (int i = Math.min(7, storeIds.size() - 1); i < storeIds.size(); i += step) {
            var id = storeIds.get(i);
            var at = Instant.now();
            if (simulator.injectDrift(id, DemoRepo.BUNDLE)) {
                injectedAt.put(id, at);
            }
        }
        out.println("- drift injected on " + injectedAt.size() + " stores; waiting for Modified → Ready in the ledger");
        var corrected = new TreeMap<String, double[]>();
        var earliest = injectedAt.values().stream().min(Instant::compareTo).orElse(Instant.now()).minusMillis(1);
        var deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (corrected.size() < injectedAt.size() && Instant.now().isBefore(deadline)) {
            corrected.clear();
            var modifiedSeen = new HashSet<String>();
            try (var c = Postgres.connect(o.database()); var st = c.prepareStatement("""
                    SELECT store_id, event_time, recorded_at, payload -> 'bundles' -> 0 ->> 'state' FROM ledger
                    WHERE type = 'StoreStatusReported' AND store_id = ANY (?) AND event_time >= ?
                    ORDER BY event_time""")) {
                st.setArray(1, c.createArrayOf("text", injectedAt.keySet().toArray()));
                st.setTimestamp(2, Timestamp.from(earliest));
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        var id = rs.getString(1);
                        var at = injectedAt.get(id);
                        var time = rs.getTimestamp(2).toInstant();
                        if (time.isBefore(at.minusMillis(1)) || corrected.containsKey(id)) {
                            continue;
                        }
                        if ("Modified".equals(rs.getString(4))) {
                            modifiedSeen.add(id);
                        } else if ("Ready".equals(rs.getString(4)) && modifiedSeen.contains(id)) {
                            corrected.put(id, new double[]{Duration.between(at, time).toNanos() / 1e9,
                                    Duration.between(at, rs.getTimestamp(3).toInstant()).toNanos() / 1e9});
                        }
                    }
                }
            }
            if (corrected.size() < injectedAt.size()) {
                Thread.sleep(250); // the reports travel MQTT → dispatcher → Kafka → audit-log
            }
        }
        var atStore = Stats.of(corrected.values().stream().map(v -> v[0]).toList());
        var recorded = Stats.of(corrected.values().stream().map(v -> v[1]).toList());
        r.put("drift_stores", injectedAt.size());
        r.put("drift_corrected", corrected.size());
        r.put("drift_p50_s", round(atStore.p50()));
        r.put("drift_p99_s", round(atStore.p99()));
        r.put("drift_recorded_p50_s", round(recorded.p50()));
        r.put("drift_recorded_p99_s", round(recorded.p99()));
        r.put("drift_note", "simulator drift (issue 4): the in-memory cluster reports Modified and corrects at once;"
                + " drift_p* = agent's Ready report after Modified, drift_recorded_p* = that report in the ledger");
    }

    /**
     * During rollouts: kill -9 and restart, in turn, the planner, the dispatcher, the audit-log, Kafka and Mosquitto,
     * one release per fault; 10 % of the stores are offline for all of it and come back at the end.
     */
    private void faults(BenchReport r, Simulator simulator) throws Exception {
        var offline = new ArrayList<String>();
        for (int i = 0; i < storeIds.size(); i += 10) {
            offline.add(storeIds.get(i));
        }
        var offlineSet = Set.copyOf(offline);
        out.println("- faults: " + offline.size() + " stores offline; kill -9 + restart " + String.join(", ", FAULT_ORDER));
        CompletableFuture.allOf(offline.stream().map(id -> simulator.disconnect(id).toCompletableFuture())
                .toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        var perFault = new LinkedHashMap<String, Object>();
        String sha = null;
        boolean allOnlineConverged = true;
        for (var target : FAULT_ORDER) {
            var start = Instant.now();
            sha = repo.nextRelease("fault-" + target);
            api.triggerWebhook();
            sampleRss();
            stack.kill(target);
            var killedAt = Instant.now();
            restart(target);
            var restartS = Duration.between(killedAt, Instant.now()).toMillis() / 1000.0;
            var seconds = awaitConverged(sha, start, id -> !offlineSet.contains(id));
            allOnlineConverged &= seconds != null;
            var m = new LinkedHashMap<String, Object>();
            m.put("restart_s", round(restartS));
            m.put("online_stores_converged_s", seconds == null ? null : round(seconds));
            perFault.put(target, m);
            out.printf("  %-16s killed, back in %.1fs; online stores converged: %s%n", target, restartS,
                    seconds == null ? "NO" : String.format("%.1fs", seconds));
        }
        var back = Instant.now();
        CompletableFuture.allOf(offline.stream().map(id -> simulator.reconnect(id).toCompletableFuture())
                .toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        var seconds = awaitConverged(sha, back, id -> true);
        var faults = new LinkedHashMap<String, Object>();
        faults.put("offline_stores", offline.size());
        faults.put("per_fault", perFault);
        faults.put("all_online_converged_per_fault", allOnlineConverged);
        faults.put("converged", seconds != null);
        faults.put("offline_back_converged_s", seconds == null ? null : round(seconds));
        faults.put("stragglers", seconds == null ? stragglers(sha) : List.of());
        faults.put("final_commit", sha);
        r.put("faults", faults);
    }

    private void restart(String target) throws Exception {
        switch (target) {
            case "kafka" -> stack.restartKafka();
            case "mosquitto" -> stack.restartMosquitto();
            default -> stack.restartService(service(target));
        }
    }

    private static Service service(String id) {
        for (var s : Service.values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException(id);
    }

    /** Waits (bounded) until every emitted event id is in the ledger exactly once. */
    private void ledger(BenchReport r) throws Exception {
        out.println("- ledger vs emitted (Kafka event topics, beginning to end)");
        var deadline = Instant.now().plus(Duration.ofSeconds(90));
        LedgerCheck check = LedgerCheck.take(stack.kafkaBootstrap(), o.database());
        while (!check.balanced() && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000); // the audit-log may still be ingesting the last events
            check = LedgerCheck.take(stack.kafkaBootstrap(), o.database());
        }
        r.put("ledger_events", check.ledgerRows());
        r.put("emitted_events", check.emitted());
        r.put("kafka_event_records", check.kafkaRecords());
        r.put("ledger_missing", check.missing());
        r.put("ledger_duplicates", check.duplicates());
        r.put("ledger_extra", check.extra());
        r.put("dlq_records", check.dlqRecords());
        if (!check.missingSample().isEmpty()) {
            r.put("ledger_missing_sample", check.missingSample());
        }
    }

    /** Seconds from {@code start} until the fleet view shows every selected store converged on {@code sha}; null on timeout. */
    private Double awaitConverged(String sha, Instant start, Predicate<String> selected) throws InterruptedException {
        int expected = (int) storeIds.stream().filter(selected).count();
        var deadline = start.plus(o.timeout());
        var lastPrint = Instant.EPOCH;
        while (Instant.now().isBefore(deadline)) {
            try {
                var stores = api.stores().stream().filter(s -> selected.test(s.id())).toList();
                var c = Convergence.of(stores, sha, expected);
                if (c.done()) {
                    return Duration.between(start, Instant.now()).toMillis() / 1000.0;
                }
                if (Duration.between(lastPrint, Instant.now()).toSeconds() >= 5) {
                    lastPrint = Instant.now();
                    out.printf("    [%5.1fs] %s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0, c.summary());
                }
            } catch (IOException e) {
                // audit-log restarting (fault run): keep polling
            }
            // polling the fleet view is what an operator's dashboard does; a big fleet's view is a big JSON, so
            // poll it less often there, or the bench's own polling competes with the audit-log's ingest
            Thread.sleep(expected <= 100 ? 100 : expected <= 1000 ? 250 : 500);
        }
        return null;
    }

    private void requireConverged(Double seconds, String phase) throws Exception {
        if (seconds == null) {
            throw new IllegalStateException(phase + ": not converged in " + o.timeout().toSeconds() + " s; stragglers "
                    + stragglers(repo.head()));
        }
    }

    private List<String> stragglers(String sha) {
        try {
            var converged = new HashSet<String>();
            for (var s : api.stores()) {
                if (!s.bundles().isEmpty() && s.bundles().stream().allMatch(b -> b.convergedOn(sha))) {
                    converged.add(s.id());
                }
            }
            return storeIds.stream().filter(id -> !converged.contains(id)).limit(50).toList();
        } catch (Exception e) {
            return List.of("(fleet view unavailable: " + e.getMessage() + ")");
        }
    }

    private Set<String> deploymentIds(String sha) throws Exception {
        var ids = new HashSet<String>();
        for (StoreView s : api.stores()) {
            s.bundles().stream().filter(b -> b.convergedOn(sha)).map(BundleView::appliedDeploymentId).forEach(ids::add);
        }
        return ids;
    }

    /** Per store: seconds from the commit to its first Ready report on that commit (agent clock, same machine). */
    private Map<String, Double> readyTimes(String sha, Instant start) throws Exception {
        var times = new TreeMap<String, Double>();
        var deadline = Instant.now().plusSeconds(60);
        while (times.size() < o.stores() && Instant.now().isBefore(deadline)) {
            times.clear();
            try (var c = Postgres.connect(o.database()); var st = c.prepareStatement("""
                    SELECT store_id, min(event_time) FROM ledger
                    WHERE type = 'StoreStatusReported' AND commit_sha = ?
                      AND payload -> 'bundles' @> '[{"state":"Ready"}]'::jsonb
                    GROUP BY store_id""")) {
                st.setString(1, sha);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        times.put(rs.getString(1), Duration.between(start, rs.getTimestamp(2).toInstant()).toMillis() / 1000.0);
                    }
                }
            }
            if (times.size() < o.stores()) {
                Thread.sleep(250); // the ledger catches up with the fleet view
            }
        }
        return times;
    }

    /**
     * Where the time goes, from the ledger's event times: webhook → CommitDetected (git-watcher), → first/last
     * BundleDeploymentPlanned (planner), → first/last Ready report (Kafka, dispatcher, MQTT fan-out, agent apply
     * incl. the simulator's 50-200 ms ready delay), and last Ready → the fleet view showing it (audit ingest).
     */
    private Map<String, Object> stages(String sha, Instant start, double convergeS) throws Exception {
        var m = new LinkedHashMap<String, Object>();
        try (var c = Postgres.connect(o.database()); var st = c.prepareStatement("""
                SELECT type, min(event_time), max(event_time), min(recorded_at), max(recorded_at), count(*) FROM ledger
                WHERE commit_sha = ? AND (type IN ('CommitDetected', 'BundleDeploymentPlanned')
                   OR (type = 'StoreStatusReported' AND payload -> 'bundles' @> '[{"state":"Ready"}]'::jsonb))
                GROUP BY type""")) {
            st.setString(1, sha);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var type = rs.getString(1);
                    m.put(type + ".first_s", since(start, rs.getTimestamp(2)));
                    m.put(type + ".last_s", since(start, rs.getTimestamp(3)));
                    m.put(type + ".last_recorded_s", since(start, rs.getTimestamp(5)));
                    m.put(type + ".count", rs.getLong(6));
                }
            }
        }
        m.put("fleet_view_all_ready_s", round(convergeS));
        return m;
    }

    private static double since(Instant start, Timestamp t) {
        return round(Duration.between(start, t.toInstant()).toMillis() / 1000.0);
    }

    /** Peak RSS per process so far; a process killed in a fault run keeps the larger of its lives. */
    private void sampleRss() {
        stack.pids().forEach((name, pid) -> peakRssKb.merge(name, LocalStack.peakRssKb(pid), Math::max));
        peakRssKb.merge("bench-jvm (simulator)", LocalStack.peakRssKb(ProcessHandle.current().pid()), Math::max);
    }

    /** Resets this JVM's VmHWM (Linux ≥ 4.0), so the fan-out probe's clients don't count as the simulator's. */
    private static void resetOwnPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux, or not allowed: the figure then includes the probe
        }
    }

    /** Soft "Max open files" of this process (/proc/self/limits); unlimited when unknown. */
    static long maxOpenFiles() {
        try {
            for (var line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    var soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Long.MAX_VALUE;
    }

    static String loadAverage() {
        try {
            var parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 100) / 100.0;
    }
}
