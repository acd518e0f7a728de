package io.storefleet.e2e;

import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Postgres;
import io.storefleet.infra.Service;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.StoreHeartbeat;
import io.storefleet.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit ledger on real Kafka with the real audit-log process: killed with SIGKILL mid-stream (between its
 * ledger writes and its offset commits), restarted, and still exactly one row per event, gap-free and chained.
 * Prints the ingest rate it sees (a figure for the benchmark, not an assertion).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerExactlyOnceIT {
    static final int EVENTS = Integer.getInteger("ledger.it.events", 20_000);
    static final int STORES = 200;

    static LocalStack stack;
    static URI audit;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        var run = UUID.randomUUID().toString().substring(0, 8);
        stack = LocalStack.create(LocalStack.findHome(), "ledger-" + run, "sf_ledger_" + run, true).startInfra();
        stack.startService(Service.AUDIT_LOG, Map.of());
        audit = stack.httpUrl(Service.AUDIT_LOG);
        // the CLI commands run in this JVM: point them at this stack's viewer token (reading needs no more)
        System.setProperty(io.storefleet.cli.OperatorCredentials.PROPERTY_TOKEN_FILE,
                stack.operatorTokenFile(io.storefleet.model.auth.Role.viewer).toString());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void killedMidStreamItRecordsEveryEventOnceWithoutGapsAndIgnoresRedelivery() throws Exception {
        var events = heartbeats(EVENTS);
        try (var producer = producer()) {
            var started = Instant.now();
            send(producer, events);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> count() >= EVENTS / 5);
            var atKill = count();
            stack.stopService(Service.AUDIT_LOG, true); // SIGKILL: whatever was written but not committed comes again
            stack.restartService(Service.AUDIT_LOG);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> count() >= EVENTS);
            System.out.printf("[ledger-it] %d events recorded across a kill -9 at %d in %d ms%n", EVENTS, atKill,
                    Duration.between(started, Instant.now()).toMillis());
            assertThat(count()).isEqualTo(EVENTS);
            assertThat(atKill).isBetween((long) EVENTS / 5, (long) EVENTS - 1);

            // the same events delivered again: no new row
            send(producer, events.subList(0, 1000));
            var marker = heartbeats(1);
            send(producer, marker);
            await().atMost(Duration.ofMinutes(1)).until(() -> count() == EVENTS + 1);
            assertThat(metric("storefleet_audit_events_duplicates_total")).isGreaterThanOrEqualTo(1000);
        }
        var verify = get("/api/ledger/verify");
        assertThat(verify).contains("\"ok\":true").contains("\"entries\":" + (EVENTS + 1))
                .contains("\"headSeq\":" + (EVENTS + 1));
    }

    @Test
    @Order(2)
    void ingestRate() throws Exception {
        int n = Integer.getInteger("ledger.bench.events", 20_000);
        var events = heartbeats(n);
        long before = count();
        try (var producer = producer()) {
            send(producer, events); // produced first: this measures the ledger, not the producer
        }
        var started = Instant.now();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() -> count() >= before + n);
        var ms = Math.max(1, Duration.between(started, Instant.now()).toMillis());
        System.out.printf("[ledger-bench] %d heartbeats into the chained ledger in %d ms: %d events/s%n", n, ms, n * 1000L / ms);
        assertThat(count()).isEqualTo(before + n);
    }

    /** The operator's view: `storefleet verify` on the real service, a row changed by a superuser, a store's proof. */
    @Test
    @Order(3)
    void verifyNamesASuperusersChangeAndAProofExportVerifiesOffline() throws Exception {
        var url = audit.toString();
        assertThat(cli("verify", "--url", url).out()).startsWith("ledger ok: ");

        long seq = 4242;
        String tamperedStore;
        try (var c = Postgres.connect(stack.database()); var st = c.createStatement()) {
            c.setAutoCommit(false);
            try (var rs = st.executeQuery("SELECT store_id FROM ledger WHERE seq = " + seq)) {
                rs.next();
                tamperedStore = rs.getString(1);
            }
            st.execute("ALTER TABLE ledger DISABLE TRIGGER ledger_append_only");
            st.executeUpdate("UPDATE ledger SET actor = 'mallory' WHERE seq = " + seq);
            st.execute("ALTER TABLE ledger ENABLE TRIGGER ledger_append_only");
            c.commit();
        }
        var broken = cli("verify", "--url", url);
        assertThat(broken).isEqualTo(new Run(1, "ledger broken at seq " + seq + " (hash does not match the entry's content)"));

        var untouched = tamperedStore.equals("ledger-store-7") ? "ledger-store-8" : "ledger-store-7";
        var good = stack.runDir().resolve("proof-good.json");
        assertThat(cli("proof", untouched, "--url", url, "--out", good.toString()).exit()).isZero();
        assertThat(cli("proof", "--verify", good.toString()).out()).matches("proof ok: \\d+ entries");
        var bad = stack.runDir().resolve("proof-bad.json");
        assertThat(cli("proof", tamperedStore, "--url", url, "--out", bad.toString()).exit()).isZero();
        assertThat(cli("proof", "--verify", bad.toString()))
                .isEqualTo(new Run(1, "proof broken at seq " + seq + " (hash does not match the entry's content)"));
    }

    /**
     * The reporting stream on the real broker: every ledger row reached storefleet.audit.ledger (repeats allowed, a
     * kill -9 above republishes from the watermark), with the ledger's hash in header and value, keyed by store.
     */
    @Test
    @Order(4)
    void everyLedgerRowReachesTheReportingStreamWithItsHashKeyedByStore() throws Exception {
        var hashes = new HashMap<Long, String>();
        var stores = new HashMap<Long, String>();
        try (var c = Postgres.connect(stack.database()); var st = c.createStatement();
             var rs = st.executeQuery("SELECT seq, hash, store_id FROM ledger ORDER BY seq")) {
            while (rs.next()) {
                hashes.put(rs.getLong(1), rs.getString(2));
                stores.put(rs.getLong(1), rs.getString(3));
            }
        }
        long head = hashes.size();
        assertThat(head).isGreaterThan(EVENTS);
        assertThat(hashes).containsKeys(1L, head); // gap-free 1..head, so every seq below is a row

        var seen = new HashSet<Long>();
        var records = new AtomicLong();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "ledger-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT_LEDGER));
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(10)).until(() -> {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    records.incrementAndGet();
                    long seq = Long.parseLong(header(r, "seq"));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> value = EventCodec.decode(new String(r.value(), StandardCharsets.UTF_8), Map.class);
                    assertThat(hashes).as("seq %d is a ledger row", seq).containsKey(seq);
                    assertThat(((Number) value.get("seq")).longValue()).isEqualTo(seq);
                    assertThat(header(r, "hash")).as("hash header of seq %d", seq).isEqualTo(hashes.get(seq));
                    assertThat(value.get("hash")).as("value hash of seq %d", seq).isEqualTo(hashes.get(seq));
                    assertThat(r.key()).as("key of seq %d", seq).isEqualTo(stores.get(seq)).isNotNull();
                    seen.add(seq);
                }
                return seen.size() == head;
            });
        }
        System.out.printf("[ledger-it] %d ledger rows on %s as %d records%n", head, Topics.AUDIT_LEDGER, records.get());
        // the relay's own producer is on /q/metrics under the series `storefleet bench --ledger` reads
        assertThat(get("/q/metrics").lines()
                .filter(l -> l.startsWith("kafka_producer_record_send_total{") && l.contains("client_id=\"audit-log-ledger\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum())
                .isPositive();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private record Run(int exit, String out) {
    }

    private static Run cli(String... args) {
        var buffer = new java.io.ByteArrayOutputStream();
        var stdout = System.out;
        System.setOut(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            int exit = new picocli.CommandLine(new io.storefleet.cli.StorefleetCli()).execute(args);
            return new Run(exit, buffer.toString(java.nio.charset.StandardCharsets.UTF_8).trim());
        } finally {
            System.setOut(stdout);
        }
    }

    private static List<String> heartbeats(int n) {
        var list = new ArrayList<String>(n);
        for (int i = 0; i < n; i++) {
            var store = "ledger-store-" + (i % STORES);
            list.add(EventCodec.encode(new StoreHeartbeat(EventMeta.of("it", store), store, "0.1.0", "v1.31", 1024)));
        }
        return list;
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, List<String> payloads) {
        for (var p : payloads) {
            var store = EventCodec.decode(p).meta().subject();
            producer.send(new ProducerRecord<>(Topics.STORE_STATUS, store, p));
        }
        producer.flush();
    }

    private static long count() {
        try {
            var m = Pattern.compile("\"count\"\\s*:\\s*(\\d+)").matcher(get("/api/events/count"));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException | InterruptedException e) {
            return -1; // restarting
        }
    }

    private static double metric(String name) throws Exception {
        var body = get("/q/metrics");
        double sum = 0;
        for (var line : body.split("\n")) {
            if (line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(audit.resolve(path)).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + stack.operatorToken(io.storefleet.model.auth.Role.viewer)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
