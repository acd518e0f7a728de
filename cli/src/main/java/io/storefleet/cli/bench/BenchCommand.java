package io.storefleet.cli.bench;

import io.storefleet.infra.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code ./storefleet bench}: scale, fault and baseline figures for one commit on the real local stack. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure push → all stores Ready, rollback, ledger vs emitted and peak memory on the local stack "
                + "(optionally under faults, next to a per-store git-poll baseline).")
public final class BenchCommand implements Callable<Integer> {
    static {
        // the bench's own Kafka clients (ledger check) warn about every partition they let go; keep the table readable
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    }

    @Option(names = "--stores", defaultValue = "700", description = "Simulated stores (default: ${DEFAULT-VALUE}).")
    int stores;

    @Option(names = "--json", description = "Write the figures as JSON to this file.")
    Path json;

    @Option(names = "--faults", description = "kill -9 and restart planner, dispatcher, audit-log, Kafka, Mosquitto during rollouts; 10 % of stores offline.")
    boolean faults;

    @Option(names = "--baseline", description = "Also measure a baseline: git-poll (every store polls Git itself).")
    String baseline;

    @Option(names = "--poll-interval", defaultValue = "60", description = "Baseline poll interval in seconds (default: ${DEFAULT-VALUE}, Flux's common setting).")
    int pollInterval;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds to wait for each convergence (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--fanout", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Measure the bare broker fan-out first (default: on; --no-fanout skips it).")
    boolean fanout;

    @Option(names = "--ledger", paramLabel = "EVENTS",
            description = "Instead: ledger ingest from Kafka (EVENTS status reports into audit-log) and query latency at that size.")
    Integer ledgerEvents;

    @Option(names = "--ledger-bulk", description = "With --ledger: load the EVENTS straight into the ledger with COPY "
            + "(hashed and chained by the ledger's own LedgerChain) instead of through Kafka, for query latency at sizes "
            + "ingest would take too long to reach; no ingest figures.")
    boolean ledgerBulk;

    @Option(names = "--ledger-stores", defaultValue = "10000", description = "Stores the --ledger events spread over (default: ${DEFAULT-VALUE}).")
    int ledgerStores;

    @Override
    public Integer call() throws Exception {
        if (ledgerEvents != null) {
            var bench = new LedgerBench(LocalStack.findHome(), ledgerEvents, ledgerStores,
                    Duration.ofSeconds(Math.max(timeoutSeconds, 3600)), System.out, ledgerBulk);
            var figures = bench.run();
            bench.print(figures);
            if (json != null) {
                java.nio.file.Files.writeString(json, new com.fasterxml.jackson.databind.ObjectMapper()
                        .writerWithDefaultPrettyPrinter().writeValueAsString(figures));
            }
            return Boolean.TRUE.equals(figures.get("verify_ok")) && Boolean.TRUE.equals(figures.get("ledger_gap_free"))
                    && ((Number) figures.get("ledger_distinct_event_ids")).longValue() == ledgerEvents ? 0 : 1;
        }
        if (baseline != null && !"git-poll".equals(baseline)) {
            System.err.println("unknown baseline " + baseline + " (known: git-poll)");
            return 2;
        }
        var options = new BenchOptions(LocalStack.findHome(), "bench", "storefleet_bench", "store-", stores,
                Duration.ofSeconds(timeoutSeconds), faults, baseline, Duration.ofSeconds(pollInterval), fanout);
        var report = Bench.run(options, System.out);
        report.printTable(System.out);
        if (json != null) {
            report.writeJson(json);
            System.out.println("wrote " + json.toAbsolutePath());
        }
        boolean ok = report.ledgerMissing() == 0 && report.ledgerDuplicates() == 0
                && report.ledgerEvents() == report.emittedEvents()
                && (report.faults() == null || Boolean.TRUE.equals(report.faults().get("converged")));
        return ok ? 0 : 1;
    }
}
