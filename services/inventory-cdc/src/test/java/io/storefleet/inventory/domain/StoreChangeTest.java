package io.storefleet.inventory.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreChangeTest {
    static final String VALUE = """
            {"before":null,"after":{"id":"s-1","labels":"{\\"tier\\": \\"gold\\"}"},
             "source":{"lsn":26851440,"ts_ms":1764130000123,"table":"stores"},"op":"c","ts_ms":1764130000200}""";

    @Test
    void readsStoreIdOpLsnAndCommitTime() {
        assertThat(StoreChange.parse("{\"id\":\"s-1\"}", VALUE))
                .isEqualTo(new StoreChange("s-1", "c", 26851440L, 1764130000123L));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\":\"x\"}          | has no store id",
            "{\"id\":\"\"}             | has no store id",
            "{\"id\":7}                | has no store id",
            "[1]                       | not a JSON object",
            "{id:                      | not JSON",
    })
    void aKeyWithoutAStoreIdIsRefusedWithTheReason(String key, String reason) {
        assertThatThrownBy(() -> StoreChange.parse(key, VALUE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @Test
    void aValueWithoutOpIsRefused() {
        assertThatThrownBy(() -> StoreChange.parse("{\"id\":\"s-1\"}", "{\"after\":{}}")).hasMessageContaining("no op");
        assertThatThrownBy(() -> StoreChange.parse("{\"id\":\"s-1\"}", null)).hasMessageContaining("value is missing");
    }
}
