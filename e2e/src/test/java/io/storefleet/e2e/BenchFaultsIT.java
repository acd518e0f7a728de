package io.storefleet.e2e;

import io.storefleet.cli.bench.Bench;
import io.storefleet.cli.bench.BenchOptions;
import io.storefleet.infra.LocalStack;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault path of {@code ./storefleet bench}, through the same code, small: 50 stores; during rollouts the planner,
 * the dispatcher, the audit-log, Kafka and Mosquitto are each killed with SIGKILL and restarted, and 10 % of the
 * stores are offline throughout and come back. Every store must converge, and the ledger must hold every emitted
 * event exactly once.
 */
class BenchFaultsIT {

    @Test
    void fiftyStoresConvergeThroughEveryCrashWithNothingLostOrDuplicated() throws Exception {
        var run = UUID.randomUUID().toString().substring(0, 8);
        var options = BenchOptions.of(LocalStack.findHome(), 50)
                .withStack("bench-it-" + run, "sf_bench_" + run, "bench" + run + "-")
                .withFaults(true)
                .withTimeout(Duration.ofSeconds(150));

        var report = Bench.run(options, System.out);
        report.printTable(System.out);

        assertThat(report.faults().get("converged")).as("every store converged after the faults").isEqualTo(true);
        assertThat((List<?>) report.faults().get("stragglers")).isEmpty();
        assertThat(report.faults().get("all_online_converged_per_fault")).isEqualTo(true);
        assertThat(report.get("rollback_back_on_previous_deployment")).isEqualTo(true);
        assertThat(report.ledgerMissing()).as("emitted events missing from the ledger").isZero();
        assertThat(report.ledgerDuplicates()).as("ledger rows with a repeated event id").isZero();
        assertThat(report.ledgerEvents()).isEqualTo(report.emittedEvents()).isPositive();
        assertThat(report.get("dlq_records")).isEqualTo(0L);
    }
}
