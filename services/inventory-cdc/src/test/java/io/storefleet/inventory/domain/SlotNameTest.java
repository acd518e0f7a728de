package io.storefleet.inventory.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SlotNameTest {

    @Test
    void aPlainDatabaseNameIsKeptAsIs() {
        assertThat(SlotName.forDatabase("storefleet_demo")).isEqualTo("storefleet_inventory_storefleet_demo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sf-Demo", "sf.it.1234", "a_database_name_far_longer_than_the_sixty_three_characters_a_slot_name_may_have", "storefleet_demo"})
    void everyNameIsAValidSlotName(String database) {
        assertThat(SlotName.forDatabase(database)).matches("[a-z0-9_]{1,63}");
    }

    @Test
    void databasesThatCleanToTheSameTextStillGetDifferentSlots() {
        assertThat(SlotName.forDatabase("sf-it")).isNotEqualTo(SlotName.forDatabase("sf_it"));
        assertThat(SlotName.forDatabase("a".repeat(70) + "1")).isNotEqualTo(SlotName.forDatabase("a".repeat(70) + "2"));
    }
}
