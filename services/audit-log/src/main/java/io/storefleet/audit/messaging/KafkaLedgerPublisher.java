package io.storefleet.audit.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.storefleet.model.LedgerChain;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link LedgerPublisher} on a plain Kafka producer: a relay round is one batch with one completion, not a reactive
 * message per row (per-message metadata, context propagation and a Uni per record cost about a quarter of the
 * service's CPU at ledger ingest rates). Idempotent (the client's default) with acks=all.
 */
// no client proxy: made with LedgerRelay at startup, not lazily on the event loop by its first round
@Singleton
public class KafkaLedgerPublisher implements LedgerPublisher {
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaClientMetrics metrics;
    private final String topic;
    /** send() can block (metadata, a full buffer): never on the event loop that runs the relay's round. */
    private final ExecutorService sender = DaemonThread.single("audit-ledger-send");

    public KafkaLedgerPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                                LedgerProducerConfig config, MeterRegistry registry) {
        this.topic = config.topic();
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "audit-log-ledger",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, config.lingerMs(),
                ProducerConfig.BATCH_SIZE_CONFIG, config.batchSize()),
                new StringSerializer(), new ByteArraySerializer());
        // kafka_producer_record_send_total & co. on /q/metrics (the Quarkus binder only sees the connector's clients)
        this.metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
    }

    @Override
    public CompletionStage<Void> publish(List<LedgerChain.Link> links) {
        var done = new CompletableFuture<Void>();
        if (links.isEmpty()) {
            done.complete(null);
            return done;
        }
        var pending = new AtomicInteger(links.size());
        Callback acked = (metadata, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else if (pending.decrementAndGet() == 0) {
                done.complete(null);
            }
        };
        try {
            sender.execute(() -> {
                try {
                    for (var link : links) {
                        if (done.isDone()) {
                            return; // a record already failed: the batch goes again, the rest need not go now
                        }
                        producer.send(LedgerRecords.of(topic, link), acked);
                    }
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) { // shut down
            done.completeExceptionally(e);
        }
        return done;
    }

    @PreDestroy
    void close() {
        sender.shutdown();
        metrics.close();
        producer.close(Duration.ofSeconds(10));
    }
}
