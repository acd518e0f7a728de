package io.storefleet.inventory.cdc;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.storefleet.inventory.config.InventoryCdcConfig;
import io.storefleet.inventory.domain.JdbcTarget;
import io.storefleet.model.InventorySchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the embedded Debezium engine on the {@code stores} table and hands each batch to the {@link ChangePublisher};
 * the batch is marked processed (so its offset may be committed) only after Kafka acknowledged it.
 */
@ApplicationScoped
public class InventoryStreamer {
    private static final Logger LOG = Logger.getLogger(InventoryStreamer.class);

    private final InventoryCdcConfig config;
    private final ChangePublisher publisher;
    private final String kafkaBootstrap;
    private final AtomicBoolean taskRunning = new AtomicBoolean(false);
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private DebeziumEngine<ChangeEvent<String, String>> engine;
    private ExecutorService executor;

    public InventoryStreamer(InventoryCdcConfig config, ChangePublisher publisher,
                             @ConfigProperty(name = "kafka.bootstrap.servers") String kafkaBootstrap) {
        this.config = config;
        this.publisher = publisher;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    void onStart(@Observes StartupEvent event) throws SQLException {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts a new engine; it resumes from the offsets topic (or snapshots when there are none). */
    public synchronized void start() throws SQLException {
        if (engine != null) {
            return;
        }
        ensureTable();
        lastFailure.set(null);
        engine = DebeziumEngine.create(Json.class)
                .using(DebeziumProperties.of(config, kafkaBootstrap))
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        taskRunning.set(true);
                    }

                    @Override
                    public void taskStopped() {
                        taskRunning.set(false);
                    }
                })
                .using((success, message, error) -> {
                    taskRunning.set(false);
                    if (!success) {
                        lastFailure.set(message);
                        LOG.errorf(error, "Debezium engine stopped: %s", message);
                    }
                })
                .notifying(this::handleBatch)
                .build();
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "inventory-cdc-engine"));
        executor.execute(engine);
    }

    /** Stops the engine; it flushes the offsets of what Kafka acknowledged. */
    public synchronized void stop() {
        if (engine == null) {
            return;
        }
        try {
            engine.close();
        } catch (IOException e) {
            LOG.warnf("closing the Debezium engine: %s", e.getMessage());
        }
        executor.shutdown();
        engine = null;
        executor = null;
        taskRunning.set(false);
    }

    /** The connector task runs: connected to Postgres, slot and publication in place. */
    public boolean running() {
        return taskRunning.get();
    }

    public String lastFailure() {
        return lastFailure.get();
    }

    private void handleBatch(List<ChangeEvent<String, String>> records,
                             DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> committer) throws InterruptedException {
        var changes = new ArrayList<ChangePublisher.Change>(records.size());
        for (var record : records) {
            // heartbeats only move the slot forward; they are not inventory changes
            if (record.value() != null && !record.destination().startsWith(DebeziumProperties.HEARTBEAT_TOPIC_PREFIX)) {
                changes.add(new ChangePublisher.Change(record.key(), record.value()));
            }
        }
        if (!changes.isEmpty()) {
            publisher.publishAll(changes);
        }
        for (var record : records) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }

    /** The publication can only be created for a table that exists; the DDL is idempotent and owned by fleet-model. */
    private void ensureTable() throws SQLException {
        var db = JdbcTarget.parse(config.database().jdbcUrl());
        try (var c = DriverManager.getConnection(db.jdbcUrl(), config.database().username(), config.database().password().orElse(""));
             var st = c.createStatement()) {
            st.execute(InventorySchema.ddl());
        }
    }
}
