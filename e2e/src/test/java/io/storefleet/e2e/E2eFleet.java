package io.storefleet.e2e;

import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Postgres;
import io.storefleet.infra.Service;
import io.storefleet.infra.StoreInventory;
import io.storefleet.infra.demo.DemoRepo;
import io.storefleet.infra.demo.FleetApi;

import java.util.Map;
import java.util.UUID;

/**
 * The stack every end-to-end test starts the same way: a fresh LocalStack, N fixture stores under a random id
 * prefix, the demo repo watched by git-watcher (slow poll: the tests push through the webhook), and the fleet API.
 */
record E2eFleet(LocalStack stack, DemoRepo repo, FleetApi api, String prefix) implements AutoCloseable {

    static E2eFleet start(String tag, int stores) throws Exception {
        return start(tag, stores, Map.of());
    }

    /** As {@link #start(String, int)}, with extra properties per service (git-watcher's repo settings are added). */
    static E2eFleet start(String tag, int stores, Map<Service, Map<String, String>> extraProps) throws Exception {
        var run = UUID.randomUUID().toString().substring(0, 8);
        var prefix = tag + run + "-";
        var stack = LocalStack.create(LocalStack.findHome(), tag + "-" + run, "sf_" + tag + "_" + run, true).startInfra();
        try (var c = Postgres.connect(stack.database())) {
            StoreInventory.createSchema(c);
            StoreInventory.upsert(c, StoreInventory.stores(StoreInventory.fixture(), stores, prefix));
        }
        var repo = DemoRepo.create(stack.runDir().resolve("fleet-repo"));
        var props = new java.util.EnumMap<Service, Map<String, String>>(Service.class);
        props.putAll(extraProps);
        var watcher = new java.util.LinkedHashMap<>(extraProps.getOrDefault(Service.GIT_WATCHER, Map.of()));
        watcher.putAll(Map.of(
                "storefleet.git-watcher.repos." + tag + ".url", repo.dir().toString(),
                "storefleet.git-watcher.repos." + tag + ".branch", "main",
                // a slow poll proves the webhook is what delivers
                "storefleet.git-watcher.poll-interval", "60s"));
        props.put(Service.GIT_WATCHER, watcher);
        stack.startServices(props);
        return new E2eFleet(stack, repo, FleetApi.of(stack), prefix);
    }

    @Override
    public void close() {
        stack.close();
        repo.close();
    }
}
