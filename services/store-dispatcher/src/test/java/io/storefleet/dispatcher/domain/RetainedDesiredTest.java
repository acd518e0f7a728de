package io.storefleet.dispatcher.domain;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleDeploymentRemoved;
import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RetainedDesiredTest {
    static final String TOPIC = "storefleet/stores/s-1/desired/pos";
    static final String E1 = planned("e-1");
    static final String E2 = planned("e-2");
    static final String REMOVE = EventCodec.encode(new BundleDeploymentRemoved(new EventMeta("r-1", java.time.Instant.now(), "bundle-planner", "s-1", 1),
            "s-1", "pos", "repo", "c-1"));

    /** Messages seen on the desired topic (retained replay or live; "" = cleared), then the write → skip it? */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("nothing seen: publish", List.of(), E1, false),
                Arguments.of("same event retained: redelivery, skip", List.of(E1), E1, true),
                Arguments.of("another event retained: publish", List.of(E1), E2, false),
                Arguments.of("newer write seen after it: the old one is not retained, publish", List.of(E1, E2), E1, false),
                Arguments.of("cleared after: publish again", List.of(E1, ""), E1, false),
                Arguments.of("unreadable retained: publish", List.of("{garbage"), E1, false),
                Arguments.of("unreadable after the same event forgets it: publish", List.of(E1, "{garbage"), E1, false),
                Arguments.of("removal with topic seen cleared: skip", List.of(E1, ""), REMOVE, true),
                Arguments.of("removal with topic unseen: clear anyway", List.of(), REMOVE, false),
                Arguments.of("removal with a deployment retained: clear", List.of(E1), REMOVE, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writeIsSkippedOnlyWhenTheBrokerRetainsItsEvent(String name, List<String> seen, String record, boolean skip) {
        var retained = new RetainedDesired();
        seen.forEach(payload -> retained.observe(TOPIC, payload.getBytes(StandardCharsets.UTF_8)));
        assertThat(retained.alreadyRetained(DesiredRouting.route(record))).isEqualTo(skip);
    }

    static String planned(String eventId) {
        return EventCodec.encode(new BundleDeploymentPlanned(new EventMeta(eventId, java.time.Instant.now(), "bundle-planner", "s-1", 1), "d-1", "s-1",
                "pos", "repo", "c-1", "h-1", "H4sI", DeploymentOptions.DEFAULTS, null, null));
    }
}
