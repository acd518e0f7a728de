package io.storefleet.audit.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StoreLabelsTest {
    static final StoreLabels WEST_GOLD = new StoreLabels("west", Map.of("tier", "gold", "format", "express"));

    @ParameterizedTest(name = "region={0} label={1} → {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "null  | null                     | true",
            "''    | ''                       | true",
            "west  | null                     | true",
            "WEST  | null                     | true",
            "east  | null                     | false",
            "null  | tier=gold                | true",
            "null  | tier=GOLD                | true",
            "null  | tier=silver              | false",
            "null  | tier                     | true",
            "null  | kiosk                    | false",
            "null  | tier=gold,format=express | true",
            "null  | tier=gold, format=mall   | false",
            "west  | format=express           | true",
            "east  | format=express           | false",
            "null  | ' tier = gold '          | true",
    })
    void regionAndLabelSelectors(String region, String selector, boolean matches) {
        assertThat(WEST_GOLD.matches(region, selector)).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {"west | null | false", "null | tier | false", "null | null | true"})
    void aStoreNotInTheInventoryMatchesOnlyWithoutFilters(String region, String selector, boolean matches) {
        assertThat(StoreLabels.UNKNOWN.matches(region, selector)).isEqualTo(matches);
    }
}
