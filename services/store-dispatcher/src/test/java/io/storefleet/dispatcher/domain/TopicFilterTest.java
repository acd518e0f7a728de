package io.storefleet.dispatcher.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TopicFilterTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
            "storefleet/stores/+/status, storefleet/stores/s-1/status, true",
            "storefleet/stores/+/status, storefleet/stores/s-1/online, false",
            "storefleet/stores/+/status, storefleet/stores/s-1/x/status, false",
            "$share/dispatchers/storefleet/stores/+/status, storefleet/stores/s-1/status, true",
            "$share/dispatchers/storefleet/stores/+/online, storefleet/stores/s-1/status, false",
            "storefleet/stores/+/desired/+, storefleet/stores/s-1/desired/pos, true",
            "storefleet/stores/+/desired/+, storefleet/stores/s-1/desired, false",
            "storefleet/dispatchers/d-1/sync, storefleet/dispatchers/d-1/sync, true",
            "storefleet/dispatchers/d-1/sync, storefleet/dispatchers/d-2/sync, false",
            "storefleet/#, storefleet/stores/s-1/status, true",
            "storefleet/stores/+, storefleet/stores, false",
    })
    void filterMatchesTopic(String filter, String topic, boolean expected) {
        assertThat(TopicFilter.matches(filter, topic)).isEqualTo(expected);
    }
}
