package io.storefleet.inventory.cdc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.storefleet.inventory.config.InventoryCdcConfig;
import io.storefleet.inventory.domain.StoreChange;
import io.storefleet.model.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes change events to Kafka and returns only once Kafka acknowledged all of them; the engine marks a batch
 * processed after that, so a crash in between re-sends the batch rather than losing it.
 */
@ApplicationScoped
public class ChangePublisher {
    /** A change event as it leaves Debezium: its JSON key and value. */
    public record Change(String key, String value) {
    }

    private static final Logger LOG = Logger.getLogger(ChangePublisher.class);

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final Duration retryBackoff;
    private final MeterRegistry registry;
    private final Counter failedSends;
    private final Counter rejected;
    private final AtomicLong lastLagMs = new AtomicLong(-1);
    private final AtomicBoolean metadataSeen = new AtomicBoolean(false);
    private final AtomicBoolean lastSendFailed = new AtomicBoolean(false);

    public ChangePublisher(InventoryCdcConfig config, MeterRegistry registry,
                           @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.topic = config.topic();
        this.retryBackoff = config.retryBackoff();
        this.registry = registry;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "inventory-cdc",
                // "acked" must mean "replicated": only then may Debezium's offset move past the change
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                new StringSerializer(), new StringSerializer());
        this.failedSends = Counter.builder("storefleet.inventory.publish.failures")
                .description("batches Kafka did not acknowledge (re-sent)").register(registry);
        this.rejected = Counter.builder("storefleet.inventory.changes.rejected")
                .description("change events that could not be read, sent to the DLQ").register(registry);
        registry.gauge("storefleet.inventory.change.lag.ms", lastLagMs, AtomicLong::get);
    }

    /** Sends every change in order and blocks until all are acknowledged, re-sending the whole batch on failure. */
    public void publishAll(List<Change> changes) throws InterruptedException {
        var records = new ArrayList<ProducerRecord<String, String>>(changes.size());
        var parsed = new ArrayList<StoreChange>(changes.size());
        for (var change : changes) {
            try {
                var storeChange = StoreChange.parse(change.key(), change.value());
                records.add(new ProducerRecord<>(topic, storeChange.storeId(), change.value()));
                parsed.add(storeChange);
            } catch (IllegalArgumentException e) {
                // our own table's events are always readable; should one not be, keep it (with the reason) for a human
                var dlq = new ProducerRecord<>(Topics.dlq(topic), change.key(), change.value());
                dlq.headers().add("reason", e.getMessage().getBytes(StandardCharsets.UTF_8));
                records.add(dlq);
                parsed.add(null);
            }
        }
        // re-sending the whole batch in order keeps the newest event per store last; consumers drop older LSNs
        while (!trySend(records)) {
            failedSends.increment();
            Thread.sleep(retryBackoff.toMillis()); // back off before re-sending to a Kafka that just failed us
        }
        var now = System.currentTimeMillis();
        for (var change : parsed) {
            if (change == null) {
                rejected.increment();
                continue;
            }
            registry.counter("storefleet.inventory.changes.published", "op", change.op()).increment();
            if (change.sourceTsMs() > 0) {
                lastLagMs.set(now - change.sourceTsMs());
            }
        }
    }

    private boolean trySend(List<ProducerRecord<String, String>> records) throws InterruptedException {
        var acks = new ArrayList<Future<RecordMetadata>>(records.size());
        try {
            for (var record : records) {
                acks.add(producer.send(record));
            }
            for (var ack : acks) {
                ack.get();
            }
            lastSendFailed.set(false);
            return true;
        } catch (ExecutionException | org.apache.kafka.common.KafkaException e) {
            lastSendFailed.set(true);
            LOG.warnf("Kafka did not acknowledge %d change events, re-sending: %s", records.size(), e.getMessage());
            return false;
        }
    }

    /** Kafka answered once (metadata for our topic) and the last send was acknowledged. */
    public boolean kafkaReachable() {
        if (!metadataSeen.get()) {
            try {
                producer.partitionsFor(topic);
                metadataSeen.set(true);
            } catch (org.apache.kafka.common.KafkaException e) {
                return false;
            }
        }
        return !lastSendFailed.get();
    }

    public long lastLagMs() {
        return lastLagMs.get();
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
