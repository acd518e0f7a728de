package io.storefleet.audit.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryChangeTest {

    @Test
    void insertAsInventoryCdcWritesIt() {
        var payload = "{\"before\":null,\"after\":{\"id\":\"s-001\",\"name\":\"Lyon\",\"region\":\"south\",\"format\":\"express\","
                + "\"labels\":\"{\\\"tier\\\": \\\"gold\\\", \\\"floor\\\": 2}\",\"timezone\":\"Europe/Paris\",\"enrolled\":true},"
                + "\"op\":\"c\",\"source\":{\"lsn\":1234,\"ts_ms\":1},\"ts_ms\":2}";
        var change = InventoryChange.parse("s-001", payload).orElseThrow();
        assertThat(change).isEqualTo(new InventoryChange("s-001", "Lyon", "south", "express",
                Map.of("tier", "gold", "floor", "2"), true, false, 1234L));
    }

    @Test
    void deleteNamesTheStoreFromBeforeOrTheKey() {
        var fromBefore = InventoryChange.parse("k", "{\"before\":{\"id\":\"s-2\"},\"after\":null,\"op\":\"d\",\"source\":{\"lsn\":9}}");
        assertThat(fromBefore).get().satisfies(c -> {
            assertThat(c.storeId()).isEqualTo("s-2");
            assertThat(c.deleted()).isTrue();
            assertThat(c.lsn()).isEqualTo(9L);
        });
        var fromKey = InventoryChange.parse("s-3", "{\"before\":null,\"after\":null,\"op\":\"d\",\"source\":{}}");
        assertThat(fromKey).get().extracting(InventoryChange::storeId).isEqualTo("s-3");
    }

    @Test
    void tombstoneCarriesNothing() {
        assertThat(InventoryChange.parse("s-1", null)).isEmpty();
    }

    @Test
    void snapshotRowAndLabelsAsObjectOrMissing() {
        var read = InventoryChange.parse("x", "{\"after\":{\"id\":\"s-4\",\"labels\":{\"a\":\"b\"}},\"op\":\"r\"}").orElseThrow();
        assertThat(read.labels()).isEqualTo(Map.of("a", "b"));
        assertThat(read.lsn()).isNull();
        var none = InventoryChange.parse("x", "{\"after\":{\"id\":\"s-5\"},\"op\":\"u\"}").orElseThrow();
        assertThat(none.labels()).isEmpty();
        assertThat(none.enrolled()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[]", "{\"after\":{\"id\":\"s\"}}", "{\"op\":\"t\",\"after\":{\"id\":\"s\"}}",
            "{\"op\":\"c\",\"after\":{}}", "{\"op\":\"c\",\"after\":{\"id\":\"s\",\"labels\":\"[1]\"}}",
            "{\"op\":\"c\",\"after\":{\"id\":\"s\",\"labels\":\"{bad\"}}"})
    void garbageIsRefusedWithAReason(String payload) {
        assertThatThrownBy(() -> InventoryChange.parse(null, payload))
                .isInstanceOf(InventoryChange.InvalidChangeException.class).hasMessageMatching(".+");
    }
}
