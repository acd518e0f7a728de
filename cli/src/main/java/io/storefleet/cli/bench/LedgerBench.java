package io.storefleet.cli.bench;

import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Postgres;
import io.storefleet.infra.Service;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.StoreStatusReported;
import io.storefleet.model.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./storefleet bench --ledger N}: ledger ingest from real Kafka into the real audit-log process, then query
 * latency at that size. N status reports (one bundle each, over {@code stores} stores, 1 % ErrApplied, 1 % Modified)
 * are produced first with audit-log stopped, so the figure is the ledger's and not the producer's; then audit-log
 * starts and the bench samples the chain head every second until it holds N rows. Afterwards: exactly N distinct
 * event ids, gap-free seq, the chains verify, and each history query's latency over HTTP (p50/p95/max of 30 runs).
 */
public final class LedgerBench {
    static final int COMMITS = 20;
    static final int QUERY_RUNS = 30;

    private final Path home;
    private final int events;
    private final int stores;
    private final Duration timeout;
    private final PrintStream out;
    private final boolean bulk;
    private final HttpClient http = HttpClient.newHttpClient();
    private URI audit;
    private String token;

    public LedgerBench(Path home, int events, int stores, Duration timeout, PrintStream out) {
        this(home, events, stores, timeout, out, false);
    }

    /** @param bulk load the events with COPY ({@link LedgerBulkLoad}) instead of through Kafka: query latency only */
    public LedgerBench(Path home, int events, int stores, Duration timeout, PrintStream out, boolean bulk) {
        this.bulk = bulk;
        this.home = home;
        this.events = events;
        this.stores = stores;
        this.timeout = timeout;
        this.out = out;
    }

    /** @return the figures, in print order */
    public Map<String, Object> run() throws Exception {
        var r = new LinkedHashMap<String, Object>();
        r.put("events", events);
        r.put("stores", stores);
        r.put("load_at_start", Bench.loadAverage());
        // a stack and database of its own: a bulk load and an ingest run may share the machine
        try (var stack = bulk ? LocalStack.create(home, "bench-ledger-bulk", "storefleet_bench_ledger_bulk", true)
                : LocalStack.create(home, "bench-ledger", "storefleet_bench_ledger", true)) {
            var hook = new Thread(stack::close, "stop-ledger-bench-stack");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                out.println("ledger bench: " + events + " status events over " + stores + " stores, logs in "
                        + stack.logDir());
                stack.startInfra();
                if (bulk) {
                    // audit-log first: its migrations create the ledger the rows are copied into; the copied rows are
                    // not for the reporting stream
                    stack.startService(Service.AUDIT_LOG, Map.of("storefleet.audit-log.relay-enabled", "false"));
                    var started = System.nanoTime();
                    new LedgerBulkLoad(stack.database(), events, stores, out).run();
                    r.put("loaded_with", "COPY (LedgerBulkLoad: LedgerChain hashes, audit-log's status-report mapping)");
                    r.put("load_seconds", (System.nanoTime() - started) / 1_000_000 / 1000.0);
                } else {
                    var produced = produce(stack.kafkaBootstrap());
                    r.put("produce_events_per_s", produced);
                    out.printf("  produced %,d events (%,d/s); starting audit-log%n", events, produced);
                    stack.startService(Service.AUDIT_LOG, Map.of());
                }
                audit = stack.httpUrl(Service.AUDIT_LOG);
                token = stack.operatorToken(io.storefleet.model.auth.Role.admin);
                if (!bulk) {
                    ingest(stack.database(), stack.pids().getOrDefault("audit-log", -1L), stack.pids().getOrDefault("kafka", -1L), r);
                }
                check(stack.database(), r);
                queries(stack.database(), r);
                metrics(r);
                r.put("load_at_end", Bench.loadAverage());
                r.put("audit_log_peak_rss_mb", LocalStack.peakRssKb(stack.pids().getOrDefault("audit-log", -1L)) / 1024);
            } finally {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return r;
    }

    public void print(Map<String, Object> r) {
        out.println();
        out.println("ledger bench figures");
        r.forEach((k, v) -> out.printf("  %-34s %s%n", k, v));
    }

    private long produce(String bootstrap) throws InterruptedException {
        var started = System.nanoTime();
        var props = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        var base = Instant.now().minus(Duration.ofHours(2));
        var failed = new java.util.concurrent.ConcurrentLinkedQueue<ProducerRecord<String, String>>();
        var lastFailure = new java.util.concurrent.atomic.AtomicReference<String>();
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.partitionsFor(Topics.STORE_STATUS); // metadata first: no batch waits on a cold leader lookup
            for (int i = 0; i < events; i++) {
                var event = event(i, stores, base);
                var record = new ProducerRecord<>(Topics.STORE_STATUS, event.storeId(), EventCodec.encode(event));
                producer.send(record, (md, e) -> {
                    if (e != null) {
                        failed.add(record);
                        lastFailure.set(e.toString());
                    }
                });
            }
            producer.flush();
            if (!failed.isEmpty()) {
                out.println("  producer: " + lastFailure.get());
            }
            // every event must reach Kafka once, or the ledger count cannot be compared with N
            for (int round = 0; !failed.isEmpty(); round++) {
                if (round == 5) {
                    throw new IllegalStateException(failed.size() + " events could not be produced");
                }
                out.println("  re-sending " + failed.size() + " events the broker did not acknowledge");
                var again = new ArrayList<>(failed);
                failed.clear();
                for (var record : again) {
                    producer.send(record, (md, e) -> {
                        if (e != null) {
                            failed.add(record);
                        }
                    });
                }
                producer.flush();
            }
        }
        return events * 1_000_000_000L / Math.max(1, System.nanoTime() - started);
    }

    private void ingest(String database, long auditPid, long kafkaPid, Map<String, Object> r) throws Exception {
        var samples = new ArrayList<long[]>(); // {millis since start, seq}
        Map<Long, Long> cpuAtFirstRows = null;
        long[] machineAtFirstRows = null;
        var started = System.nanoTime();
        var deadline = started + timeout.toNanos();
        long seq = 0;
        long lastPrint = 0;
        try (var c = Postgres.connect(database); var st = c.prepareStatement("SELECT seq FROM ledger_head WHERE id = 1")) {
            while (seq < events) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ledger holds " + seq + " of " + events + " after " + timeout);
                }
                Thread.sleep(1000); // a sampling period, not a wait for a condition
                try (var rs = st.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                }
                long ms = (System.nanoTime() - started) / 1_000_000;
                samples.add(new long[]{ms, seq});
                if (cpuAtFirstRows == null && seq > 0) {
                    cpuAtFirstRows = cpuTicks(c, database, auditPid, kafkaPid);
                    machineAtFirstRows = machineTicks();
                }
                if (ms - lastPrint >= 10_000) {
                    lastPrint = ms;
                    out.printf("  %5d s: %,d rows (load %s)%n", ms / 1000, seq, Bench.loadAverage());
                }
            }
            // CPU spent per event by audit-log and its Postgres backends: a cost that other load on the machine
            // does not inflate the way it inflates wall-clock rates
            var cpuAtEnd = cpuTicks(c, database, auditPid, kafkaPid);
            var machineAtEnd = machineTicks();
            var before = cpuAtFirstRows;
            long auditTicks = cpuAtEnd.getOrDefault(auditPid, 0L) - before.getOrDefault(auditPid, 0L);
            long kafkaTicks = cpuAtEnd.getOrDefault(kafkaPid, 0L) - before.getOrDefault(kafkaPid, 0L);
            long pgTicks = cpuAtEnd.entrySet().stream().filter(e -> e.getKey() != auditPid && e.getKey() != kafkaPid)
                    .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
            var first = samples.stream().filter(x -> x[1] > 0).findFirst().orElseThrow();
            long counted = seq - first[1];
            r.put("cpu_seconds_audit_log", auditTicks / (double) TICKS);
            r.put("cpu_seconds_postgres_backends", pgTicks / (double) TICKS);
            r.put("cpu_us_per_event_audit_log", counted > 0 ? auditTicks * 1_000_000L / TICKS / counted : "n/a");
            r.put("cpu_us_per_event_postgres", counted > 0 ? pgTicks * 1_000_000L / TICKS / counted : "n/a");
            // the broker serves the consumer's fetches and the reporting stream's produce on the same two cores
            r.put("cpu_us_per_event_kafka_broker", counted > 0 ? kafkaTicks * 1_000_000L / TICKS / counted : "n/a");
            long busy = machineAtEnd[0] - machineAtFirstRows[0];
            long all = machineAtEnd[1] - machineAtFirstRows[1];
            r.put("machine_cpu_busy_percent", all > 0 ? busy * 100 / all : "n/a");
            r.put("events_per_cpu_second", auditTicks + pgTicks > 0 ? counted * TICKS / (auditTicks + pgTicks) : "n/a");
        }
        // sustained = from the first sample with rows to the one that saw all of them (excludes the service's boot)
        var first = samples.stream().filter(s -> s[1] > 0).findFirst().orElseThrow();
        var last = samples.get(samples.size() - 1);
        var sustained = (last[1] - first[1]) * 1000 / Math.max(1, last[0] - first[0]);
        long minWindow = Long.MAX_VALUE;
        long maxWindow = 0;
        for (int i = 0; i + 10 < samples.size(); i++) {
            if (samples.get(i)[1] == 0 || samples.get(i + 10)[1] >= events) {
                continue;
            }
            var rate = (samples.get(i + 10)[1] - samples.get(i)[1]) * 1000 / (samples.get(i + 10)[0] - samples.get(i)[0]);
            minWindow = Math.min(minWindow, rate);
            maxWindow = Math.max(maxWindow, rate);
        }
        r.put("ingest_events_per_s_sustained", sustained);
        r.put("ingest_events_per_s_10s_window_min", minWindow == Long.MAX_VALUE ? "n/a" : minWindow);
        r.put("ingest_events_per_s_10s_window_max", maxWindow == 0 ? "n/a" : maxWindow);
        r.put("ingest_seconds", (last[0] - first[0]) / 1000.0);
        try (var c = Postgres.connect(database); var st = c.createStatement();
             var rs = st.executeQuery("SELECT extract(epoch FROM max(recorded_at) - min(recorded_at)), count(DISTINCT recorded_at) FROM ledger")) {
            rs.next();
            var span = rs.getDouble(1);
            r.put("ingest_events_per_s_by_recorded_at", span > 0 ? Math.round(events / span) : "n/a");
            r.put("transactions", rs.getLong(2));
        }
    }

    private void check(String database, Map<String, Object> r) throws Exception {
        try (var c = Postgres.connect(database); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*), count(DISTINCT event_id), min(seq), max(seq), "
                     + "pg_total_relation_size('ledger') FROM ledger")) {
            rs.next();
            r.put("ledger_rows", rs.getLong(1));
            r.put("ledger_distinct_event_ids", rs.getLong(2));
            r.put("ledger_gap_free", rs.getLong(3) == 1 && rs.getLong(4) == rs.getLong(1));
            r.put("ledger_size_mb", rs.getLong(5) / (1024 * 1024));
        }
        var started = System.nanoTime();
        // one pass over every row: at 10M rows on a loaded machine this takes many minutes
        var verify = http.send(request("/api/ledger/verify").timeout(Duration.ofMinutes(60)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        r.put("verify_seconds", (System.nanoTime() - started) / 1_000_000 / 1000.0);
        r.put("verify_ok", verify.contains("\"ok\":true"));
        out.println("  verify: " + verify);
    }

    private void queries(String database, Map<String, Object> r) throws Exception {
        String errCommit = commit(0);
        long midSeq = events / 2;
        try (var c = Postgres.connect(database)) {
            vacuum(c);
        }
        var store = storeId(stores / 3);
        var q = new LinkedHashMap<String, String>();
        q.put("store_timeline_page", "/api/history/stores/" + store + "?limit=50");
        q.put("store_timeline_deep_page", "/api/history/stores/" + store + "?afterSeq=" + midSeq + "&limit=50");
        q.put("stores_running_commit_page", "/api/history/commits/" + commit(COMMITS - 1) + "/stores?limit=100");
        q.put("failures_of_commit_page", "/api/history/commits/" + errCommit + "/failures?limit=100");
        q.put("deployments_between_times", "/api/history/deployments?from=" + Instant.now().minus(Duration.ofDays(1))
                + "&to=" + Instant.now().plus(Duration.ofHours(1)) + "&limit=100");
        q.put("events_by_type_keyset_page", "/api/events?type=StoreStatusReported&afterSeq=" + midSeq + "&limit=100");
        q.put("events_count_of_store", "/api/events/count?store=" + store);
        q.put("store_proof_slice", "/api/ledger/proof/" + store);
        q.put("dashboard_stores_by_state", "/api/dashboard/stores?state=ErrApplied&limit=100");
        q.put("dashboard_summary", "/api/dashboard/summary");
        for (var e : q.entrySet()) {
            var ms = new ArrayList<Double>();
            for (int i = 0; i < QUERY_RUNS + 3; i++) {
                var t = System.nanoTime();
                var status = status(e.getValue());
                if (status != 200) {
                    throw new IllegalStateException(e.getValue() + " answered " + status);
                }
                if (i >= 3) {
                    ms.add((System.nanoTime() - t) / 1e6);
                }
            }
            var s = Stats.of(ms);
            r.put("query_ms_" + e.getKey(), String.format("p50 %.1f  p95 %.1f  max %.1f", s.p50(), s.p95(), s.max()));
        }
    }

    /** What audit-log's /q/metrics says after the run: Kafka client figures (in, lag, out) and its own. */
    private void metrics(Map<String, Object> r) throws Exception {
        var body = get("/q/metrics");
        for (var series : List.of("kafka_consumer_fetch_manager_records_consumed_total",
                "kafka_consumer_fetch_manager_records_lag_max", "kafka_producer_record_send_total",
                "storefleet_audit_events_recorded_total", "storefleet_fleet_stores", "storefleet_audit_relay_lag")) {
            double sum = 0;
            boolean present = false;
            for (var line : body.split("\n")) {
                // the consumer reports its total once per client and again per topic: count the client's only
                boolean perTopic = series.startsWith("kafka_consumer") && line.contains("topic=\"");
                if (!perTopic && (line.startsWith(series + "{") || line.startsWith(series + " "))) {
                    var v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    if (!Double.isNaN(v)) {
                        sum = series.endsWith("lag_max") ? Math.max(sum, v) : sum + v;
                    }
                    present = true;
                }
            }
            r.put("metric_" + series, present ? Math.round(sum) : "absent");
        }
    }

    /** Fresh statistics, as autovacuum would have them on a ledger that grew over days rather than a minute. */
    private static void vacuum(java.sql.Connection c) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("VACUUM ANALYZE ledger");
            st.execute("VACUUM ANALYZE store_bundle_view");
            st.execute("VACUUM ANALYZE store_view");
        }
    }

    private int status(String path) throws Exception {
        return http.send(request(path).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String get(String path) throws Exception {
        return http.send(request(path).timeout(Duration.ofMinutes(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(audit.resolve(path))
                .header(io.storefleet.model.auth.OperatorTokens.HEADER, "Bearer " + token);
    }

    static final long TICKS = 100; // USER_HZ on Linux

    /** The whole machine's {busy, total} clock ticks (/proc/stat's cpu line; idle and iowait are not busy). */
    private static long[] machineTicks() throws java.io.IOException {
        var f = java.nio.file.Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        return new long[]{total - Long.parseLong(f[4]) - Long.parseLong(f[5]), total};
    }

    /** utime + stime of audit-log, the Kafka broker and the database's backends, by pid (/proc/PID/stat, in clock ticks). */
    private static Map<Long, Long> cpuTicks(java.sql.Connection c, String database, long auditPid, long kafkaPid)
            throws SQLException {
        var pids = new ArrayList<Long>();
        pids.add(auditPid);
        pids.add(kafkaPid);
        try (var st = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            st.setString(1, database);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getLong(1));
                }
            }
        }
        var ticks = new java.util.HashMap<Long, Long>();
        for (var pid : pids) {
            try {
                var stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                var f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12])); // fields 14 and 15
            } catch (java.io.IOException | RuntimeException e) {
                // the backend ended between the query and the read
            }
        }
        return ticks;
    }

    /** The i-th status report of the bench: one bundle, the store round-robin, 1 % ErrApplied and 1 % Modified. */
    static StoreStatusReported event(int i, int stores, Instant base) {
        var store = storeId(i % stores);
        var commit = commit((i / stores) % COMMITS);
        var state = i % 100 == 7 ? BundleState.ErrApplied : i % 100 == 42 ? BundleState.Modified : BundleState.Ready;
        var message = state == BundleState.ErrApplied ? "ImagePullBackOff: pos-gateway:1.2." + (i % 3)
                : state == BundleState.Modified ? "ConfigMap pos-gateway-config: data.mode changed" : null;
        var meta = new EventMeta(UUID.randomUUID().toString(), base.plusMillis(i / 10), "store-dispatcher",
                store, EventMeta.SCHEMA_VERSION);
        return new StoreStatusReported(meta, store,
                List.of(new BundleStatus("pos-gateway", state, "d-" + commit.substring(0, 12), commit, message)));
    }

    static String storeId(int i) {
        return String.format("lb-store-%05d", i);
    }

    static String commit(int i) {
        return String.format("%040x", 0xc0ffee00L + i);
    }
}
