package io.storefleet.gitwatcher.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.storefleet.gitwatcher.config.GitWatcherConfig;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Sends CommitDetected to {@code storefleet.git.commits}, keyed by repo id. */
@ApplicationScoped
public class CommitPublisher {
    /** Outgoing channel; its topic is set in application.properties. */
    public static final String CHANNEL = "git-commits";

    private final MutinyEmitter<String> emitter;
    private final GitWatcherConfig config;

    public CommitPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter, GitWatcherConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    /** Blocks until Kafka acknowledged the record, so the caller may then record the head as emitted. */
    public void publish(CommitDetected event) {
        emitter.sendMessage(KafkaRecord.of(event.key(), EventCodec.encode(event)))
                .await().atMost(config.sendTimeout());
    }
}
