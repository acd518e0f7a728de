package io.storefleet.audit.messaging;

import io.quarkus.test.Mock;
import io.storefleet.model.LedgerChain;
import io.storefleet.model.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tests' reporting stream: keeps the records the relay would have sent (built as the Kafka publisher builds them) and
 * acks them at once, or refuses whole batches while {@link #failing} is set.
 */
@Mock
@ApplicationScoped
public class RecordingLedgerPublisher implements LedgerPublisher {
    private final ConcurrentLinkedQueue<ProducerRecord<String, byte[]>> sent = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicInteger refused = new AtomicInteger();

    @Override
    public CompletionStage<Void> publish(List<LedgerChain.Link> links) {
        if (failing.get()) {
            refused.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("broker away (test)"));
        }
        for (var link : links) {
            sent.add(LedgerRecords.of(Topics.AUDIT_LEDGER, link));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Records sent so far, in send order. */
    public List<ProducerRecord<String, byte[]>> sent() {
        return List.copyOf(sent);
    }

    /** While set, every batch fails (as a broker that does not ack would). */
    public void failing(boolean on) {
        failing.set(on);
    }

    /** Batches refused since the start. */
    public int refused() {
        return refused.get();
    }
}
