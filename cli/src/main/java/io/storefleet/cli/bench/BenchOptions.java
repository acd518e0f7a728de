package io.storefleet.cli.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One bench run.
 *
 * @param stackName    LocalStack name (run dir {@code .run/<name>})
 * @param database     Postgres database (dropped and created)
 * @param idPrefix     store id prefix
 * @param timeout      per phase: how long to wait for convergence
 * @param faults       kill -9 and restart planner, dispatcher, audit-log, Kafka, Mosquitto during rollouts, 10 % offline
 * @param baseline     also simulate per-store Git polling ({@code git-poll}); null = no baseline
 * @param pollInterval the baseline's poll interval
 * @param fanout       measure the bare broker fan-out first
 */
public record BenchOptions(Path home, String stackName, String database, String idPrefix, int stores, Duration timeout,
                           boolean faults, String baseline, Duration pollInterval, boolean fanout) {

    public static BenchOptions of(Path home, int stores) {
        return new BenchOptions(home, "bench", "storefleet_bench", "store-", stores, Duration.ofSeconds(300), false, null,
                Duration.ofSeconds(60), true);
    }

    public BenchOptions withFaults(boolean on) {
        return new BenchOptions(home, stackName, database, idPrefix, stores, timeout, on, baseline, pollInterval, fanout);
    }

    public BenchOptions withBaseline(String kind, Duration interval) {
        return new BenchOptions(home, stackName, database, idPrefix, stores, timeout, faults, kind, interval, fanout);
    }

    public BenchOptions withTimeout(Duration t) {
        return new BenchOptions(home, stackName, database, idPrefix, stores, t, faults, baseline, pollInterval, fanout);
    }

    public BenchOptions withStack(String name, String db, String prefix) {
        return new BenchOptions(home, name, db, prefix, stores, timeout, faults, baseline, pollInterval, fanout);
    }
}
