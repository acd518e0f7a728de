package io.storefleet.gitwatcher.support;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.EventCodec;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.file.Path;
import java.util.List;

/** Reads what the watcher sent to the in-memory channel. */
public final class Commits {

    /** CommitDetected events sent for {@code repo}, oldest first; asserts the Kafka key is the repo id. */
    public static List<CommitDetected> sentFor(InMemorySink<String> sink, String repo) {
        return sink.received().stream()
                .filter(m -> repo.equals(m.getMetadata(OutgoingKafkaRecordMetadata.class)
                        .map(OutgoingKafkaRecordMetadata::getKey).orElse(null)))
                .map(m -> (CommitDetected) EventCodec.decode(m.getPayload()))
                .toList();
    }

    public static Path originOf(String repo) {
        return Path.of(ConfigProvider.getConfig().getValue("storefleet.git-watcher.repos." + repo + ".url", String.class));
    }

    private Commits() {
    }
}
