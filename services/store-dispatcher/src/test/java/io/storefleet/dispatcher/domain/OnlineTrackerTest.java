package io.storefleet.dispatcher.domain;

import io.storefleet.model.StoreOffline;
import io.storefleet.model.StoreOnline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class OnlineTrackerTest {
    private static final String TOPIC = "storefleet/stores/s-1/online";

    /**
     * Payloads seen in order on one store's online topic (prefix {@code r:} = a retained replay, on subscribe or
     * reconnect) → what comes out, one letter each.
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("first true is online", List.of("true"), "N"),
                Arguments.of("first false is offline by last will", List.of("false"), "F"),
                Arguments.of("replayed retained true after live true is no news", List.of("true", "r:true"), "N="),
                Arguments.of("first replay reports the current state", List.of("r:true"), "N"),
                Arguments.of("replay that differs is news", List.of("true", "r:false"), "NF"),
                // live messages are shared among instances: another one may have seen the flip in between
                Arguments.of("live repeat is always emitted", List.of("true", "true"), "NN"),
                Arguments.of("flapping store", List.of("true", "false", "false", "true"), "NFFN"),
                Arguments.of("cleared flag changes nothing", List.of("true", "", "r:true"), "N=="),
                Arguments.of("whitespace tolerated", List.of(" true\n"), "N"),
                Arguments.of("anything else is rejected", List.of("TRUE", "1", "{}"), "RRR"),
                Arguments.of("rejection does not reset the state", List.of("true", "yes", "r:true"), "NR="));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void liveFlagsAreEventsAndReplaysOnlyWhenTheyDiffer(String name, List<String> payloads, String expected) {
        var tracker = new OnlineTracker();
        var out = new ArrayList<String>();
        for (var payload : payloads) {
            var replay = payload.startsWith("r:");
            var decision = tracker.observe(TOPIC, replay ? payload.substring(2) : payload, replay);
            if (decision instanceof OnlineDecision.Changed changed && changed.event() instanceof StoreOnline online) {
                assertThat(online.storeId()).isEqualTo("s-1");
                assertThat(online.meta().subject()).isEqualTo("s-1");
                assertThat(online.meta().source()).isEqualTo("store-dispatcher");
                out.add("N");
            } else if (decision instanceof OnlineDecision.Changed changed && changed.event() instanceof StoreOffline offline) {
                assertThat(offline.reason()).isEqualTo("LastWill");
                out.add("F");
            } else if (decision instanceof OnlineDecision.Unchanged) {
                out.add("=");
            } else {
                assertThat(((OnlineDecision.Reject) decision).reason()).isEqualTo(RejectReason.InvalidOnlinePayload);
                out.add("R");
            }
        }
        assertThat(String.join("", out)).isEqualTo(expected);
    }

    @Test
    void storesAreTrackedSeparately() {
        var tracker = new OnlineTracker();
        assertThat(tracker.observe("storefleet/stores/a/online", "true")).isInstanceOf(OnlineDecision.Changed.class);
        assertThat(tracker.observe("storefleet/stores/b/online", "true")).isInstanceOf(OnlineDecision.Changed.class);
    }
}
