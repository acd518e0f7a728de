package io.storefleet.audit.messaging;

import io.storefleet.model.Topics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The topic list lives in application.properties (style rule 4); this keeps it equal to fleet-model's. */
class ChannelConfigTest {

    @Test
    void incomingChannelSubscribesToEveryEventTopic() throws IOException {
        var props = new Properties();
        try (var in = getClass().getResourceAsStream("/application.properties")) {
            props.load(in);
        }
        var prefix = "mp.messaging.incoming." + EventRecorder.EVENTS_IN + ".";

        assertThat(List.of(props.getProperty(prefix + "topics").split(",")))
                .containsExactlyInAnyOrderElementsOf(Topics.EVENT_TOPICS);
        assertThat(props.getProperty(prefix + "failure-strategy")).isEqualTo("dead-letter-queue");
        assertThat(props.getProperty(prefix + "group.id")).isEqualTo("audit-log");
    }
}
