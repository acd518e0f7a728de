package io.storefleet.infra;

import io.storefleet.infra.broker.BrokerSecurity;
import io.storefleet.model.BundleSigning;
import io.storefleet.model.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The one launcher of the local stack, used by the demo, the end-to-end tests and CI: a KRaft Kafka broker
 * (own JVM, from the Maven jars), a private Mosquitto (own port and persistence dir, so runs never see each
 * other's retained messages), a fresh Postgres database on the machine's server, and the four services as
 * {@code java -jar} processes. Everything it starts is recorded by pid in {@code .run/<name>/stack.properties}
 * and stopped on {@link #close()} (or by {@link #stopRecorded} from another process).
 */
public final class LocalStack implements AutoCloseable {
    public static final int PARTITIONS = 12;
    private static final System.Logger LOG = System.getLogger(LocalStack.class.getName());

    private final Path home;
    private final Path runDir;
    private final String database;
    private final boolean dropDatabaseOnClose;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<Service, Integer> httpPorts = new EnumMap<>(Service.class);
    private final Map<Service, Map<String, String>> serviceProps = new EnumMap<>(Service.class);
    /** Extra instances (2, 3, …) of scaled-out services, by process name: their HTTP port. */
    private final Map<String, Integer> instancePorts = new LinkedHashMap<>();
    private int kafkaPort;
    private int kafkaControllerPort;
    private int mqttPort;
    private int mqttServicePort;
    private BrokerSecurity brokerSecurity;

    private LocalStack(Path home, String name, String database, boolean dropDatabaseOnClose) {
        this.home = home.toAbsolutePath().normalize();
        this.runDir = this.home.resolve(".run").resolve(name);
        this.database = database;
        this.dropDatabaseOnClose = dropDatabaseOnClose;
    }

    /**
     * A stack named {@code name}: run dir {@code <home>/.run/<name>} (wiped), database {@code database}
     * (dropped and created; dropped again on close when {@code dropDatabaseOnClose}).
     */
    public static LocalStack create(Path home, String name, String database, boolean dropDatabaseOnClose) {
        var stack = new LocalStack(home, name, database, dropDatabaseOnClose);
        stopRecorded(home, name);
        deleteTree(stack.runDir);
        try {
            Files.createDirectories(stack.logDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stack;
    }

    /** The repo root: {@code -Dstorefleet.home}, else the nearest parent holding {@code storefleet}. */
    public static Path findHome() {
        var configured = System.getProperty("storefleet.home");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("storefleet")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the storefleet repo root; set -Dstorefleet.home");
    }

    /** Postgres (fresh database), Mosquitto and Kafka with every topic created. */
    public LocalStack startInfra() throws Exception {
        ensurePrerequisites();
        Postgres.recreateDatabase(database);
        startMosquitto();
        startKafka();
        writeState();
        return this;
    }

    private void ensurePrerequisites() throws IOException, InterruptedException {
        if (Ports.answers(Postgres.HOST, Postgres.PORT) && mosquittoBinary() != null && walLevelLogical()) {
            return;
        }
        var script = home.resolve("infra/bin/ensure-prereqs.sh");
        var exit = new ProcessBuilder("bash", script.toString()).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(script + " failed with exit " + exit);
        }
    }

    /** inventory-cdc's Debezium needs logical decoding; the script sets it (with a restart) where it is missing. */
    private static boolean walLevelLogical() {
        try (var c = Postgres.connect("postgres"); var st = c.createStatement(); var rs = st.executeQuery("SHOW wal_level")) {
            return rs.next() && "logical".equals(rs.getString(1));
        } catch (SQLException e) {
            return false;
        }
    }

    private static String mosquittoBinary() {
        for (var candidate : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    private void startMosquitto() throws Exception {
        mqttPort = port(18830);
        mqttServicePort = port(18831);
        var dir = runDir.resolve("mosquitto");
        Files.createDirectories(dir);
        // TLS listeners, per-store passwords and ACLs (docs/SECURITY.md); stores are enrolled later (enrolStores)
        brokerSecurity = BrokerSecurity.create(dir, runDir.resolve("keys"));
        writePrivate(mqttDispatcherPasswordFile(), brokerSecurity.dispatcherPassword() + "\n");
        var conf = mosquittoConf();
        Files.writeString(conf, "# generated by storefleet LocalStack\n"
                + String.join("\n", brokerSecurity.listenerConf(mqttPort, mqttServicePort)) + "\n"
                + String.join("\n",
                "persistence true",
                "persistence_location " + dir + "/",
                "max_connections -1",
                // the dispatcher's persistent session queues status while it is down; don't drop it
                "max_queued_messages 200000",
                "max_inflight_messages 1000",
                "log_dest stdout",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "") + (isRoot() ? "user root\n" : ""));
        launchMosquitto();
    }

    private Path mosquittoConf() {
        return runDir.resolve("mosquitto").resolve("mosquitto.conf");
    }

    private void launchMosquitto() throws Exception {
        start("mosquitto", new ProcessBuilder(mosquittoBinary(), "-c", mosquittoConf().toString()));
        waitFor("mosquitto", () -> Ports.answers("127.0.0.1", mqttPort) && Ports.answers("127.0.0.1", mqttServicePort),
                Duration.ofSeconds(10));
    }

    /**
     * Issues broker credentials for these stores (replacing earlier ones) and has Mosquitto reload its password file;
     * returns store id → password. The simulator reads them from {@link #mqttStoreCredentialsFile()}.
     */
    public Map<String, String> enrolStores(java.util.Collection<String> storeIds) throws IOException, InterruptedException {
        var issued = brokerSecurity.enrol(storeIds);
        reloadMosquitto();
        return issued;
    }

    /** Removes a store's broker credential and reloads Mosquitto, which disconnects its session and refuses it from then on. */
    public boolean revokeStore(String storeId) throws IOException, InterruptedException {
        var had = brokerSecurity.revoke(storeId);
        reloadMosquitto();
        return had;
    }

    /** SIGHUP: Mosquitto re-reads password files and ACLs and drops sessions whose credential is gone. */
    private void reloadMosquitto() throws IOException, InterruptedException {
        Process p;
        synchronized (processes) {
            p = processes.get("mosquitto");
        }
        if (p == null || !p.isAlive()) {
            return; // not running: the files are read when it starts
        }
        var exit = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("could not signal mosquitto (pid " + p.pid() + ") to reload");
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    /**
     * The demo takes the well-known ports when free, so its URLs are the documented ones; any other stack (tests,
     * bench) takes random ports, so stacks started side by side don't race for the same port and answer each
     * other's readiness checks.
     */
    private int port(int wellKnown) {
        return runDir.getFileName().toString().equals("demo") ? Ports.freeOr(wellKnown) : Ports.free();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void startKafka() throws Exception {
        kafkaPort = port(19092);
        kafkaControllerPort = Ports.free();
        try (var admin = launchKafka()) {
            var topics = new ArrayList<NewTopic>();
            for (var topic : Topics.ALL) {
                topics.add(new NewTopic(topic, PARTITIONS, (short) 1));
                topics.add(new NewTopic(Topics.dlq(topic), PARTITIONS, (short) 1));
            }
            try {
                admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /** Starts the broker JVM on the stack's ports and data dir; returns an Admin client once it answers. */
    private Admin launchKafka() throws Exception {
        var pb = new ProcessBuilder(javaBin(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.level=WARN", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), KafkaBrokerMain.class.getName(),
                runDir.resolve("kafka").toString(), Integer.toString(kafkaPort), Integer.toString(kafkaControllerPort));
        start("kafka", pb);
        var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
        try {
            waitFor("kafka", () -> {
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    return true;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(90));
        } catch (RuntimeException | InterruptedException e) {
            admin.close();
            throw e;
        }
        return admin;
    }

    /** Kills a started process (service id, {@code kafka}, {@code mosquitto}) with SIGKILL, as a crash would. */
    public void kill(String name) throws InterruptedException {
        Process p;
        synchronized (processes) {
            p = processes.remove(name);
        }
        if (p != null) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts Kafka again after {@link #kill}: same ports and data dir, so topics, offsets and groups survive. */
    public void restartKafka() throws Exception {
        launchKafka().close();
        writeState();
    }

    /** Starts Mosquitto again after {@link #kill}: same port, config and persistence dir. */
    public void restartMosquitto() throws Exception {
        launchMosquitto();
        writeState();
    }

    /** Pids of the running processes by name (service ids, {@code kafka}, {@code mosquitto}, {@code simulator}). */
    public Map<String, Long> pids() {
        synchronized (processes) {
            var pids = new LinkedHashMap<String, Long>();
            processes.forEach((name, process) -> pids.put(name, process.pid()));
            return pids;
        }
    }

    /** Peak resident set size (VmHWM of /proc/PID/status) in kB; -1 when unknown (not Linux, process gone). */
    public static long peakRssKb(long pid) {
        try {
            for (var line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended or /proc is not there
        }
        return -1;
    }

    /** Starts one service and waits until {@code /q/health/ready} answers 200. */
    public void startService(Service service, Map<String, String> extraProps) throws Exception {
        var props = new LinkedHashMap<String, String>();
        props.put("quarkus.http.port", Integer.toString(httpPorts.computeIfAbsent(service, s -> port(s.defaultPort()))));
        props.put("kafka.bootstrap.servers", kafkaBootstrap());
        props.put("quarkus.datasource.jdbc.url", Postgres.jdbcUrl(database));
        props.put("quarkus.datasource.reactive.url", Postgres.reactiveUrl(database));
        props.put("quarkus.datasource.username", Postgres.USER);
        props.put("storefleet.mqtt.host", "127.0.0.1");
        // services take the service listener (TLS, the dispatcher's identity); stores take mqttPort
        props.put("storefleet.mqtt.port", Integer.toString(mqttServicePort));
        props.put("storefleet.mqtt.username", BrokerSecurity.DISPATCHER_USER);
        props.put("storefleet.mqtt.password-file", mqttDispatcherPasswordFile().toString());
        props.put("storefleet.mqtt.tls-ca-file", mqttCaFile().toString());
        props.put("storefleet.data-dir", runDir.resolve("data").resolve(service.id()).toString());
        if (service == Service.STORE_DISPATCHER) {
            // the first instance's MQTT client id stays the same across restarts, so its persistent session resumes
            props.put("storefleet.mqtt.instance-id", "1");
        }
        if (service == Service.BUNDLE_PLANNER) {
            props.put("storefleet.planner.signing-key-file", signingKeyFile().toString());
        }
        if (service == Service.GIT_WATCHER) {
            // webhooks must carry this secret (GitHub HMAC / GitLab token); FleetApi.of(stack) signs with it
            props.put("storefleet.git-watcher.webhook-secret-file", webhookSecretFile().toString());
        }
        if (service == Service.STORE_DISPATCHER && brokerSecurity != null) {
            // enrolment: the dispatcher adds/removes store lines in the broker's password file and makes it reload
            props.put("storefleet.enrolment.password-file", brokerSecurity.storePasswordFile().toString());
            props.put("storefleet.enrolment.broker-pid-file", brokerSecurity.pidFile().toString());
            props.put("storefleet.enrolment.tokens-file", runDir.resolve("mosquitto").resolve("enrolment-tokens").toString());
            props.put("storefleet.enrolment.mqtt-host", "127.0.0.1");
            props.put("storefleet.enrolment.mqtt-port", Integer.toString(mqttPort));
            props.put("storefleet.enrolment.ca-file", mqttCaFile().toString());
        }
        // operator API tokens (hashes only); the raw tokens stay in <runDir>/keys/operators/<role>.token for the CLI
        props.put("storefleet.auth.tokens-file", operatorTokensFile().toString());
        props.putAll(extraProps);
        serviceProps.put(service, Map.copyOf(props));

        var jar = home.resolve(service.runJar());
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests install)");
        }
        var cmd = new ArrayList<>(List.of(javaBin(), "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC"));
        if (service == Service.AUDIT_LOG) {
            // ledger ingest allocates ~1 GB/s: with the default small young generation a tenth of its CPU went to the
            // collector (37 full collections in a 300k run); 76 instead of 86 us per event (docs/BENCHMARKS.md)
            cmd.addAll(List.of("-Xms640m", "-Xmx768m", "-Xmn384m"));
        }
        cmd.addAll(extraJvmOptions());
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));
        start(service.id(), new ProcessBuilder(cmd));
        waitReady(service);
        writeState();
    }

    /** STOREFLEET_SERVICE_JVM_OPTS: extra options for every service JVM (a profiler, a bigger heap), space-separated. */
    private static List<String> extraJvmOptions() {
        var opts = System.getenv("STOREFLEET_SERVICE_JVM_OPTS");
        return opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
    }

    /** Starts all four services (in parallel) with the given extra properties. */
    public void startServices(Map<Service, Map<String, String>> extraProps) throws Exception {
        var failures = new ArrayList<Exception>();
        var threads = new ArrayList<Thread>();
        for (var service : Service.values()) {
            var t = new Thread(() -> {
                try {
                    startService(service, extraProps.getOrDefault(service, Map.of()));
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "start-" + service.id());
            t.start();
            threads.add(t);
        }
        for (var t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /** Stops a service (its first instance): SIGTERM (graceful) or, with {@code kill}, SIGKILL as a crash would. */
    public void stopService(Service service, boolean kill) throws InterruptedException {
        stopInstance(service, 1, kill);
    }

    /** Starts a stopped service again with the same ports and properties. */
    public void restartService(Service service) throws Exception {
        startService(service, serviceProps.getOrDefault(service, Map.of()));
    }

    /**
     * Process name of instance {@code instance} of a service: {@code <id>} for the first (the one
     * {@link #startService} starts), {@code <id>-<instance>} for the others.
     */
    public static String instanceName(Service service, int instance) {
        return instance == 1 ? service.id() : service.id() + "-" + instance;
    }

    /**
     * Starts instance {@code instance} (2, 3, …) of a service whose first instance runs: the first one's properties
     * (same Kafka group, database, broker identity), its own HTTP port, data dir and MQTT instance id, as one more
     * replica of a Deployment would be. Waits until it is ready.
     */
    public void startInstance(Service service, int instance) throws Exception {
        startInstance(service, instance, Map.of());
    }

    /** As {@link #startInstance(Service, int)}, with properties of this instance's own on top. */
    public void startInstance(Service service, int instance, Map<String, String> ownProps) throws Exception {
        if (instance < 2) {
            throw new IllegalArgumentException("instance 1 is startService's; extra instances are numbered from 2");
        }
        var first = serviceProps.get(service);
        if (first == null) {
            throw new IllegalStateException("start the first instance of " + service.id() + " before instance " + instance);
        }
        var name = instanceName(service, instance);
        var props = new LinkedHashMap<>(first);
        int httpPort;
        synchronized (instancePorts) {
            httpPort = instancePorts.computeIfAbsent(name, n -> Ports.free());
        }
        props.put("quarkus.http.port", Integer.toString(httpPort));
        props.put("storefleet.data-dir", runDir.resolve("data").resolve(name).toString());
        props.put("storefleet.mqtt.instance-id", Integer.toString(instance));
        props.putAll(ownProps);
        var cmd = new ArrayList<>(List.of(javaBin(), "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC"));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", home.resolve(service.runJar()).toString()));
        start(name, new ProcessBuilder(cmd));
        waitReady(name, URI.create("http://127.0.0.1:" + httpPort));
        writeState();
    }

    /** Stops instance {@code instance} of a service: SIGTERM, or with {@code kill} SIGKILL as a crash would. */
    public void stopInstance(Service service, int instance, boolean kill) throws InterruptedException {
        Process p;
        synchronized (processes) {
            p = processes.remove(instanceName(service, instance));
        }
        if (p == null) {
            return;
        }
        if (kill) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The N-store simulator in its own JVM (needs edge-agent on this JVM's classpath, as the CLI has). */
    public void startSimulator(int stores, String idPrefix) throws Exception {
        var heap = Math.max(256, stores / 10 + 128);
        // the simulator's ids: prefix + %04d, 1..N (SimulatorConfig.numberedIds)
        enrolStores(java.util.stream.IntStream.rangeClosed(1, stores).mapToObj(i -> idPrefix + String.format("%04d", i)).toList());
        var pb = new ProcessBuilder(javaBin(), "-Xmx" + heap + "m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.storefleet.agent.sim.Simulator", "--broker", "127.0.0.1:" + mqttPort,
                "--stores", Integer.toString(stores), "--id-prefix", idPrefix,
                // agents pin the stack's public key: nothing unsigned or signed by another key is applied
                "--public-key-file", signingPublicKeyFile().toString(),
                // TLS to the store listener with each store's own credential
                "--tls-ca-file", mqttCaFile().toString(),
                "--credentials-file", mqttStoreCredentialsFile().toString(),
                // the fleet secrets key: opens sealed values in manifests (docs/SECURITY.md)
                "--secrets-key-file", secretsKeyFile().toString());
        start("simulator", pb);
        writeState();
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** The store listener (TLS, per-store passwords and ACL). */
    public int mqttPort() {
        return mqttPort;
    }

    /** The service listener (TLS, the dispatcher's identity). */
    public int mqttServicePort() {
        return mqttServicePort;
    }

    /** The fleet CA's certificate (PEM) every MQTT client pins. */
    public Path mqttCaFile() {
        return runDir.resolve("keys").resolve("mqtt-ca.pem");
    }

    /** {@code store id = password} of the enrolled stores (owner-only). */
    public Path mqttStoreCredentialsFile() {
        return runDir.resolve("keys").resolve("mqtt-store-credentials.properties");
    }

    /** The dispatcher's MQTT password (owner-only file; services get the path, never the value, on their command line). */
    public Path mqttDispatcherPasswordFile() {
        return runDir.resolve("keys").resolve("mqtt-dispatcher.password");
    }

    /** The dispatcher's broker identity (username {@link BrokerSecurity#DISPATCHER_USER}), for tools like the bench. */
    public String mqttDispatcherPassword() {
        return brokerSecurity.dispatcherPassword();
    }

    public String database() {
        return database;
    }

    public URI httpUrl(Service service) {
        return URI.create("http://127.0.0.1:" + httpPorts.get(service));
    }

    public Path runDir() {
        return runDir;
    }

    /** The stack's Ed25519 public key (base64 X.509, {@code <runDir>/keys/signing.pub}) that agents pin; generated with the private key on first use. */
    public Path signingPublicKeyFile() {
        signingKeyFile();
        return runDir.resolve("keys").resolve("signing.pub");
    }

    /** The planner's private key ({@code <runDir>/keys/signing.key}, PKCS#8 base64): one key pair per stack, made on first use. */
    public synchronized Path signingKeyFile() {
        var dir = runDir.resolve("keys");
        var key = dir.resolve("signing.key");
        if (!Files.exists(key)) {
            try {
                Files.createDirectories(dir);
                var pair = BundleSigning.generateKeyPair();
                Files.writeString(dir.resolve("signing.pub"), BundleSigning.encode(pair.getPublic()) + "\n");
                Files.writeString(key, BundleSigning.encode(pair.getPrivate()) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the stack's signing key to " + dir, e);
            }
        }
        return key;
    }

    /**
     * The fleet secrets key pair (X25519, {@code <runDir>/keys/secrets.key} PKCS#8 base64, owner-only, for agents;
     * {@code secrets.pub} for whoever seals values: {@code storefleet seal}), made on first use.
     */
    public synchronized Path secretsKeyFile() {
        var key = runDir.resolve("keys").resolve("secrets.key");
        if (!Files.exists(key)) {
            try {
                var pair = io.storefleet.model.SealedSecrets.generateKeyPair();
                writePrivate(key, io.storefleet.model.SealedSecrets.encode(pair.getPrivate()) + "\n");
                Files.writeString(runDir.resolve("keys").resolve("secrets.pub"), io.storefleet.model.SealedSecrets.encode(pair.getPublic()) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return key;
    }

    /** The fleet secrets public key ({@code <runDir>/keys/secrets.pub}) values are sealed to. */
    public Path secretsPublicKeyFile() {
        secretsKeyFile();
        return runDir.resolve("keys").resolve("secrets.pub");
    }

    /** The git-watcher webhook secret ({@code <runDir>/keys/webhook.secret}), made on first use. */
    public synchronized Path webhookSecretFile() {
        var file = runDir.resolve("keys").resolve("webhook.secret");
        if (!Files.exists(file)) {
            try {
                writePrivate(file, io.storefleet.model.auth.OperatorTokens.newToken().replace("sft_", "whsec_") + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    public String webhookSecret() {
        return firstLine(webhookSecretFile());
    }

    /**
     * The services' operator tokens file (SHA-256 hashes, roles, actors), made on first use with one token per role;
     * the tokens themselves go to {@code <runDir>/keys/operators/<role>.token} (owner-only), for the CLI and tests.
     */
    public synchronized Path operatorTokensFile() {
        var file = runDir.resolve("keys").resolve("operator-tokens");
        if (!Files.exists(file)) {
            var lines = new StringBuilder("# storefleet operator tokens: sha256(token) role actor\n");
            try {
                for (var role : io.storefleet.model.auth.Role.values()) {
                    var token = io.storefleet.model.auth.OperatorTokens.newToken();
                    writePrivate(operatorTokenFile(role), token + "\n");
                    lines.append(io.storefleet.model.auth.OperatorTokens.line(token, role, "local-" + role)).append('\n');
                }
                writePrivate(file, lines.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    /** Where the stack's token of this role is kept ({@code <runDir>/keys/operators/<role>.token}). */
    public Path operatorTokenFile(io.storefleet.model.auth.Role role) {
        return runDir.resolve("keys").resolve("operators").resolve(role + ".token");
    }

    /** The stack's operator token of this role (actor {@code local-<role>}). */
    public String operatorToken(io.storefleet.model.auth.Role role) {
        operatorTokensFile();
        return firstLine(operatorTokenFile(role));
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).get(0).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path logDir() {
        return runDir.resolve("logs");
    }

    private void start(String name, ProcessBuilder pb) throws IOException {
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logDir().resolve(name + ".log").toFile()));
        var process = pb.start();
        synchronized (processes) {
            processes.put(name, process);
        }
        LOG.log(System.Logger.Level.DEBUG, "started {0} pid {1}", name, process.pid());
    }

    private void waitReady(Service service) throws Exception {
        waitReady(service.id(), httpUrl(service));
    }

    private void waitReady(String name, URI base) throws Exception {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var ready = URI.create(base + "/q/health/ready");
        Process process;
        synchronized (processes) {
            process = processes.get(name);
        }
        // generous: five Quarkus apps booting at once on two cores under a parallel build can take minutes
        var deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; last log lines:\n" + tail(name));
            }
            try {
                var response = client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200); // polling a child process's port; nothing to subscribe to
        }
        throw new IllegalStateException(name + " not ready in 180 s; last log lines:\n" + tail(name));
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier check, Duration timeout) throws InterruptedException {
        var deadline = Instant.now().plus(timeout);
        while (!check.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " did not come up in " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100); // polling a child process's port
        }
    }

    /** The last lines of a process's log, for error messages. */
    public String tail(String name) {
        try {
            var lines = Files.readAllLines(logDir().resolve(name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String javaBin() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Records pids and endpoints so {@code storefleet down|status} in another process can find them. */
    private synchronized void writeState() throws IOException {
        var p = new Properties();
        synchronized (processes) {
            processes.forEach((name, process) -> p.setProperty("pid." + name, Long.toString(process.pid())));
        }
        httpPorts.forEach((service, port) -> p.setProperty("url." + service.id(), "http://127.0.0.1:" + port));
        if (kafkaPort > 0) {
            p.setProperty("kafka", kafkaBootstrap());
        }
        if (mqttPort > 0) {
            p.setProperty("mqtt", "127.0.0.1:" + mqttPort);
            p.setProperty("mqtt.service", "127.0.0.1:" + mqttServicePort);
        }
        p.setProperty("database", database);
        p.setProperty("logs", logDir().toString());
        try (var out = Files.newBufferedWriter(runDir.resolve("stack.properties"))) {
            p.store(out, "storefleet local stack");
        }
    }

    /** Reads the state file of a stack started by another process. */
    public static Properties readState(Path home, String name) {
        var file = home.toAbsolutePath().resolve(".run").resolve(name).resolve("stack.properties");
        var p = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    /** Stops every process recorded for a stack (e.g. one left running by {@code demo --keep}); true if any ran. */
    public static boolean stopRecorded(Path home, String name) {
        var state = readState(home, name);
        var handles = state.stringPropertyNames().stream().filter(k -> k.startsWith("pid."))
                .map(k -> ProcessHandle.of(Long.parseLong(state.getProperty(k)))).flatMap(java.util.Optional::stream)
                .filter(ProcessHandle::isAlive).toList();
        handles.forEach(ProcessHandle::destroy);
        for (var h : handles) {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        var database = state.getProperty("database");
        if (database != null) {
            dropReplicationSlots(database);
        }
        return !handles.isEmpty();
    }

    /**
     * inventory-cdc's replication slot of a stopped stack would pin WAL on the shared server (all databases' writes)
     * until the next run recreates the database; a new run snapshots again anyway, so the slot is worth nothing.
     */
    private static void dropReplicationSlots(String database) {
        try (var c = Postgres.connect("postgres")) {
            Postgres.dropReplicationSlots(c, database);
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "could not drop the replication slots of {0}: {1}", database, e.getMessage());
        }
    }

    @Override
    public void close() {
        List<Map.Entry<String, Process>> running;
        synchronized (processes) {
            running = new ArrayList<>(processes.entrySet());
            processes.clear();
        }
        // clients first (simulator, services), then the brokers they talk to, so nothing shuts down in a storm of reconnects
        var brokers = List.of("kafka", "mosquitto");
        stopAll(running.stream().filter(e -> !brokers.contains(e.getKey())).map(Map.Entry::getValue).toList());
        stopAll(running.stream().filter(e -> brokers.contains(e.getKey())).map(Map.Entry::getValue).toList());
        if (dropDatabaseOnClose) {
            try {
                Postgres.dropDatabase(database);
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "could not drop database {0}: {1}", database, e.getMessage());
            }
        } else {
            dropReplicationSlots(database);
        }
        try {
            Files.deleteIfExists(runDir.resolve("stack.properties"));
        } catch (IOException e) {
            // best effort: a stale file only names dead pids
        }
    }

    private static void stopAll(List<Process> group) {
        group.forEach(Process::destroy);
        for (var process : group) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
