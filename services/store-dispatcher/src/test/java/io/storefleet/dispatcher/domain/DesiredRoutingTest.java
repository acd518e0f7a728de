package io.storefleet.dispatcher.domain;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleDeploymentRemoved;
import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.StoreOnline;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DesiredRoutingTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("planned is retained as received", planned("s-1", "pos"), "publish storefleet/stores/s-1/desired/pos"),
                Arguments.of("removed clears the topic", removed("s-1", "pos"), "clear storefleet/stores/s-1/desired/pos"),
                Arguments.of("store id with slash would hit another topic", planned("s-1/desired", "pos"), "invalid InvalidDeploymentTarget"),
                Arguments.of("wildcard bundle", removed("s-1", "#"), "invalid InvalidDeploymentTarget"),
                Arguments.of("plus in store id", planned("+", "pos"), "invalid InvalidDeploymentTarget"),
                Arguments.of("missing store id", planned(null, "pos"), "invalid InvalidDeploymentTarget"),
                Arguments.of("empty bundle", planned("s-1", ""), "invalid InvalidDeploymentTarget"),
                Arguments.of("garbage", "][", "invalid UnreadablePayload"),
                Arguments.of("other event type", EventCodec.encode(new StoreOnline(EventMeta.of("x", "s-1"), "s-1")), "invalid UnexpectedEventType"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deploymentBecomesTheRightRetainedWrite(String name, String payload, String expected) {
        var write = DesiredRouting.route(payload);
        String actual;
        if (write instanceof DesiredWrite.Publish publish) {
            assertThat(publish.payload()).isEqualTo(payload);
            actual = "publish " + publish.topic();
        } else if (write instanceof DesiredWrite.Clear clear) {
            actual = "clear " + clear.topic();
        } else {
            actual = "invalid " + ((DesiredWrite.Invalid) write).reason();
        }
        assertThat(actual).isEqualTo(expected);
    }

    static String planned(String store, String bundle) {
        return EventCodec.encode(new BundleDeploymentPlanned(EventMeta.of("bundle-planner", store), "d-1", store, bundle,
                "repo", "c-1", "h-1", "H4sI", DeploymentOptions.DEFAULTS, null, null));
    }

    static String removed(String store, String bundle) {
        return EventCodec.encode(new BundleDeploymentRemoved(EventMeta.of("bundle-planner", store), store, bundle, "repo", "c-1"));
    }
}
