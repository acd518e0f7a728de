package io.storefleet.dispatcher.domain;

import io.storefleet.model.BundleDeploymentRemoved;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.StoreHeartbeat;
import io.storefleet.model.StoreOnline;
import io.storefleet.model.StoreStatusReported;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class StatusValidationTest {
    private static final String TOPIC = "storefleet/stores/s-1/status";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("status report of its own store", TOPIC, json(status("s-1", "s-1")), null),
                Arguments.of("heartbeat of its own store", TOPIC, json(heartbeat("s-1", "s-1")), null),
                Arguments.of("status for another store", TOPIC, json(status("s-2", "s-2")), RejectReason.StoreIdMismatch),
                Arguments.of("heartbeat for another store", TOPIC, json(heartbeat("s-2", "s-2")), RejectReason.StoreIdMismatch),
                Arguments.of("own store id but another subject", TOPIC, json(status("s-1", "s-2")), RejectReason.SubjectMismatch),
                Arguments.of("store id prefix is not the store", "storefleet/stores/s-10/status", json(status("s-1", "s-1")), RejectReason.StoreIdMismatch),
                Arguments.of("garbage", TOPIC, "not json {", RejectReason.UnreadablePayload),
                Arguments.of("empty", TOPIC, "", RejectReason.UnreadablePayload),
                Arguments.of("json without type", TOPIC, "{\"storeId\":\"s-1\"}", RejectReason.UnreadablePayload),
                Arguments.of("event without meta id", TOPIC, "{\"type\":\"StoreHeartbeat\",\"storeId\":\"s-1\"}", RejectReason.UnreadablePayload),
                Arguments.of("online event forged on status", TOPIC, json(new StoreOnline(EventMeta.of("edge-agent", "s-1"), "s-1")), RejectReason.UnexpectedEventType),
                Arguments.of("deployment event on status", TOPIC, json(new BundleDeploymentRemoved(EventMeta.of("x", "s-1"), "s-1", "b", "r", "c")), RejectReason.UnexpectedEventType),
                Arguments.of("not a store topic", "other/s-1/status", json(status("s-1", "s-1")), RejectReason.NotAStoreTopic));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void storeMaySpeakOnlyForItself(String name, String topic, String payload, RejectReason expected) {
        var decision = StatusValidation.validate(topic, payload);
        if (expected == null) {
            assertThat(decision).isInstanceOf(StatusDecision.Accept.class);
            assertThat(((StatusDecision.Accept) decision).storeId()).isEqualTo("s-1");
        } else {
            assertThat(decision).isInstanceOf(StatusDecision.Reject.class);
            assertThat(((StatusDecision.Reject) decision).reason()).isEqualTo(expected);
        }
    }

    static StoreStatusReported status(String storeId, String subject) {
        return new StoreStatusReported(EventMeta.of("edge-agent", subject), storeId,
                List.of(new BundleStatus("pos", BundleState.Ready, "d-1", "c-1", null)));
    }

    static StoreHeartbeat heartbeat(String storeId, String subject) {
        return new StoreHeartbeat(EventMeta.of("edge-agent", subject), storeId, "0.1", "v1.31", 1024);
    }

    static String json(Object event) {
        return EventCodec.encode(event);
    }
}
