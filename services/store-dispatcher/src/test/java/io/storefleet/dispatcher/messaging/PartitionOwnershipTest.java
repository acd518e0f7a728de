package io.storefleet.dispatcher.messaging;

import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionOwnershipTest {
    static final String TOPIC = "storefleet.bundle.deployments";

    @Test
    void aRevokedOrLostPartitionIsNoLongerOwned() {
        var ownership = new PartitionOwnership();
        ownership.onPartitionsAssigned(null, List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1), new TopicPartition(TOPIC, 2)));
        ownership.onPartitionsRevoked(null, List.of(new TopicPartition(TOPIC, 1)));
        ownership.onPartitionsLost(null, List.of(new TopicPartition(TOPIC, 2)));

        assertThat(ownership.owns(TOPIC, 0)).isTrue();
        assertThat(ownership.owns(TOPIC, 1)).isFalse();
        assertThat(ownership.owns(TOPIC, 2)).isFalse();
        assertThat(ownership.owns("other", 0)).isFalse();
    }

    @Test
    void aRecordWithoutKafkaMetadataHasNoPartitionToLose() {
        assertThat(new PartitionOwnership().owns(Message.of("in-memory"))).isTrue();
    }
}
