package io.storefleet.infra;

/** The control-plane services, as the launcher starts them. */
public enum Service {
    AUDIT_LOG("audit-log", 8080),
    GIT_WATCHER("git-watcher", 8081),
    BUNDLE_PLANNER("bundle-planner", 8082),
    STORE_DISPATCHER("store-dispatcher", 8083),
    /** Debezium CDC of the stores table to {@code storefleet.inventory.stores}; needs wal_level=logical. */
    INVENTORY_CDC("inventory-cdc", 8084);

    private final String id;
    private final int defaultPort;

    Service(String id, int defaultPort) {
        this.id = id;
        this.defaultPort = defaultPort;
    }

    public String id() {
        return id;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The runnable Quarkus app, relative to the repo root. */
    public String runJar() {
        return "services/" + id + "/target/quarkus-app/quarkus-run.jar";
    }
}
