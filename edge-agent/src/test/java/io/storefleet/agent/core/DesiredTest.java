package io.storefleet.agent.core;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.storefleet.agent.core.Fixtures.CONFIG_MAP;
import static org.assertj.core.api.Assertions.assertThat;

class DesiredTest {

    @Test
    void emptyPayloadMeansRemoved() {
        assertThat(Desired.parse(new byte[0])).isInstanceOf(Desired.Removed.class);
    }

    @Test
    void plannedEventIsParsed() {
        var event = Fixtures.planned("s-1", "pos", "d1", CONFIG_MAP);

        assertThat(Desired.parse(Fixtures.bytes(event))).isEqualTo(new Desired.Planned(event));
    }

    @Test
    void garbageCarriesTheDecoderReason() {
        var desired = Desired.parse("{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(desired).isInstanceOf(Desired.Invalid.class);
        assertThat(((Desired.Invalid) desired).reason()).isNotBlank();
    }
}
