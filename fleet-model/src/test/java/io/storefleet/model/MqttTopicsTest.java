package io.storefleet.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MqttTopicsTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "storefleet/stores/store-1/desired/app, store-1, app",
            "storefleet/stores/store-1/desired/a/b, store-1, a/b",
            "storefleet/stores/store-9/status,      store-9, -",
            "other/stores/store-9/status,           -,       -",
            "storefleet/stores/,                    -,       -",
    })
    void parsesStoreAndBundle(String topic, String store, String bundle) {
        assertThat(MqttTopics.storeId(topic).orElse(null)).isEqualTo(store);
        assertThat(MqttTopics.bundle(topic).orElse(null)).isEqualTo(bundle);
    }
}
