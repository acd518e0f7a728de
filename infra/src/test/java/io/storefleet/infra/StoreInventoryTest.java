package io.storefleet.infra;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoreInventoryTest {
    @Test
    void readsTheFixtureInventory() {
        var rows = StoreInventory.fixture();
        assertThat(rows).hasSize(700);
        var first = rows.get(0);
        assertThat(first.id()).isEqualTo("store-0001");
        assertThat(first.timezone()).isEqualTo("America/Chicago");
        assertThat(first.hours()).startsWith("mon 07:00-22:00;");
        assertThat(first.store().labels()).containsEntry("region", "midwest").containsEntry("format", "neighborhood");
    }

    @Test
    void beyondTheFixtureRowsRepeatUnderNewIds() {
        var rows = StoreInventory.stores(StoreInventory.fixture(), 1402, "store-");
        assertThat(rows).hasSize(1402);
        assertThat(rows.get(0).id()).isEqualTo("store-0001");
        assertThat(rows.get(700).id()).isEqualTo("store-0701");
        assertThat(rows.get(700).city()).isEqualTo(rows.get(0).city());
        assertThat(rows.stream().map(StoreInventory.Row::id).distinct()).hasSize(1402);
    }

    @Test
    void prefixesGiveDisjointFleets() {
        var rows = StoreInventory.stores(StoreInventory.fixture(), 3, "it-ab12-");
        assertThat(rows).extracting(StoreInventory.Row::id).containsExactly("it-ab12-0001", "it-ab12-0002", "it-ab12-0003");
    }
}
