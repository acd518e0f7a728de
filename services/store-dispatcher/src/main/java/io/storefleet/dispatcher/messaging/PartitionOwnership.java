package io.storefleet.dispatcher.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which deployment partitions this instance owns right now. A write still retrying (broker unreachable from here)
 * when its partition moves to another instance must stop: the new owner re-reads the record and may already have
 * published a newer one for the same topic, which a late retry from here would overwrite as the retained value.
 */
@ApplicationScoped
@Identifier(PartitionOwnership.NAME)
public class PartitionOwnership implements KafkaConsumerRebalanceListener {
    public static final String NAME = "dispatcher-partitions";
    private static final Logger LOG = Logger.getLogger(PartitionOwnership.class);

    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        owned.addAll(partitions);
        LOG.infof("partitions assigned: %s (now %d)", partitions, owned.size());
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
        LOG.infof("partitions revoked: %s (now %d)", partitions, owned.size());
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    public boolean owns(String topic, int partition) {
        return owned.contains(new TopicPartition(topic, partition));
    }

    /** A record without Kafka metadata (the in-memory connector of the tests) has no partition to lose. */
    public boolean owns(Message<?> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> owns(m.getTopic(), m.getPartition()))
                .orElse(true);
    }
}
