package io.storefleet.cli;

import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Postgres;
import io.storefleet.infra.Service;
import io.storefleet.infra.StoreInventory;
import io.storefleet.infra.demo.Convergence;
import io.storefleet.infra.demo.DemoRepo;
import io.storefleet.infra.demo.FleetApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The walking skeleton end to end: a Git push reaches N simulated stores through real Kafka and MQTT,
 * and the time from the commit to the whole fleet Ready is measured from the audit-log's fleet view.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the local stack with N simulated stores, push a release and watch it converge.")
final class DemoCommand implements Callable<Integer> {
    static final String STACK = "demo";
    static final String DATABASE = "storefleet_demo";

    @Option(names = "--stores", defaultValue = "50", description = "Simulated stores (default: ${DEFAULT-VALUE}).")
    int stores;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds to wait for convergence (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--waves", description = "Ship release 1.2.0 as a staged rollout (canary of 3 stores, then 2 waves, 3 s bake) "
            + "and show a live progress bar per wave.")
    boolean waves;

    /** fleet.yaml of the demo app with a staged rollout (docs/CONTRACTS.md, Staged rollouts). */
    static final String WAVES_FLEET_YAML = """
            # Fleet-compatible bundle: every store runs the POS gateway; releases go canary first, then in two waves.
            defaultNamespace: pos
            correctDrift: true
            rolloutStrategy:
              autoPartitionSize: %d
            storefleet:
              canary: 3
              bakeTime: 3s
              haltOnFailure: 1
              autoRollback: true
            """;

    @Option(names = "--keep", description = "Leave the stack running and print its URLs (stop it with `storefleet down`).")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        var out = System.out;
        var home = LocalStack.findHome();
        var stack = LocalStack.create(home, STACK, DATABASE, false);
        var hook = new Thread(stack::close, "stop-stack");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean converged = false;
        try {
            out.println("storefleet demo: " + stores + " stores, logs in " + stack.logDir());
            out.println("- starting Kafka (KRaft), Mosquitto, Postgres database " + DATABASE);
            stack.startInfra();
            try (var c = Postgres.connect(DATABASE)) {
                StoreInventory.createSchema(c);
                StoreInventory.upsert(c, StoreInventory.stores(StoreInventory.fixture(), stores, "store-"));
            }
            var repo = DemoRepo.create(stack.runDir().resolve("fleet-repo"));
            out.println("- seeded " + stores + " stores; fleet repo " + repo.dir());
            out.println("- starting audit-log, git-watcher, bundle-planner, store-dispatcher, inventory-cdc");
            stack.startServices(Map.of(Service.GIT_WATCHER, Map.of(
                    "storefleet.git-watcher.repos.demo.url", repo.dir().toString(),
                    "storefleet.git-watcher.repos.demo.branch", "main")));
            stack.startSimulator(stores, "store-");
            var api = FleetApi.of(stack);

            out.println("- first rollout (the initial commit) to " + stores + " simulated stores");
            if (await(api, repo.head(), Instant.now()) == null) {
                return fail(api, repo.head());
            }
            out.println("- committing pos-gateway release 1.2.0 and notifying git-watcher (webhook)");
            var start = Instant.now();
            var sha = waves ? repo.nextRelease("alice", Map.of("apps/pos-gateway/fleet.yaml",
                    WAVES_FLEET_YAML.formatted(Math.max(1, (stores - 3 + 1) / 2)))) : repo.nextRelease("alice");
            api.triggerWebhook();
            if (waves && !watchWaves(stack, DemoRepo.BUNDLE + "@" + sha.substring(0, 8), start)) {
                return fail(api, sha);
            }
            var result = await(api, sha, start);
            if (result == null) {
                return fail(api, sha);
            }
            converged = true;
            var seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            if (keep) {
                printUrls(stack);
            }
            out.printf("converged: %d/%d stores Ready in %.1fs%n", result.converged(), stores, seconds);
            return 0;
        } finally {
            if (!(keep && converged)) {
                stack.close();
            }
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    /** Shows the rollout's per-wave bars (the planner's view) until it ends; false when it did not complete in time. */
    private boolean watchWaves(LocalStack stack, String rollout, Instant start) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var uri = stack.httpUrl(Service.BUNDLE_PLANNER).resolve("/api/rollouts/" + rollout.replace("@", "%40"));
        var token = stack.operatorToken(io.storefleet.model.auth.Role.viewer);
        var terminal = System.console() != null;
        var deadline = start.plusSeconds(timeoutSeconds);
        int drawn = 0;
        var last = "";
        while (Instant.now().isBefore(deadline)) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                var view = io.storefleet.model.EventCodec.mapper().readTree(response.body());
                var lines = RolloutProgress.lines(view, false);
                var text = String.join("\n", lines);
                if (!text.equals(last)) {
                    if (terminal && drawn > 0) {
                        System.out.print("\033[" + drawn + "A\033[J");
                    }
                    System.out.println(text);
                    drawn = lines.size();
                    last = text;
                }
                if (RolloutProgress.finished(view)) {
                    return view.path("state").asText().equals("Completed");
                }
            }
            Thread.sleep(250); // polling an HTTP view at a fixed rate is the point here
        }
        return false;
    }

    /** Polls the fleet view until every store is Ready on {@code sha}; null on timeout. */
    private Convergence await(FleetApi api, String sha, Instant start) throws InterruptedException {
        var progress = new Progress(System.out);
        var deadline = start.plusSeconds(timeoutSeconds);
        Convergence last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = Convergence.of(api.stores(), sha, stores);
                progress.show(last.converged(), stores, last.summary(), Duration.between(start, Instant.now()));
                if (last.done()) {
                    progress.end();
                    return last;
                }
            } catch (java.io.IOException e) {
                progress.show(0, stores, "waiting for audit-log: " + e.getMessage(), Duration.between(start, Instant.now()));
            }
            Thread.sleep(250); // polling an HTTP view at a fixed rate is the point here
        }
        progress.end();
        return null;
    }

    private int fail(FleetApi api, String sha) throws Exception {
        var stores = api.stores();
        var c = Convergence.of(stores, sha, this.stores);
        System.out.printf("not converged after %ds: %s%n", timeoutSeconds, c.summary());
        stores.stream().filter(s -> s.bundles().stream().noneMatch(b -> b.convergedOn(sha))).limit(20).forEach(s ->
                System.out.printf("  %s online=%s state=%s %s%n", s.id(), s.online(), s.state(), s.bundles()));
        return 1;
    }

    private static void printUrls(LocalStack stack) {
        System.out.println("stack left running (stop it with ./storefleet down):");
        // the viewer token in the fragment: the page keeps it for the tab, it never reaches a server log
        System.out.println("  dashboard    " + stack.httpUrl(Service.AUDIT_LOG) + "/dashboard/#token="
                + stack.operatorToken(io.storefleet.model.auth.Role.viewer));
        System.out.println("  tokens       " + stack.runDir().resolve("keys").resolve("operators") + "/{viewer,operator,admin}.token");
        System.out.println("  fleet view   " + stack.httpUrl(Service.AUDIT_LOG) + "/api/stores");
        System.out.println("  ledger       " + stack.httpUrl(Service.AUDIT_LOG) + "/api/events");
        System.out.println("  webhook      " + stack.httpUrl(Service.GIT_WATCHER) + "/webhooks/git");
        System.out.println("  kafka        " + stack.kafkaBootstrap() + "   mqtt 127.0.0.1:" + stack.mqttPort());
        System.out.println("  logs         " + stack.logDir());
    }
}
