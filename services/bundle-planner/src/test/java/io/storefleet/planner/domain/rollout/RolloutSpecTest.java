package io.storefleet.planner.domain.rollout;

import io.storefleet.planner.domain.SpecException;
import io.storefleet.planner.domain.YamlDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutSpecTest {

    static RolloutSpec parse(String yaml) throws Exception {
        return RolloutSpec.from(YamlDocuments.parse(yaml.getBytes(StandardCharsets.UTF_8)).get(0).node());
    }

    @Test
    void noStrategyKeepsTheDefaultPath() throws Exception {
        assertThat(parse("defaultNamespace: pos")).isSameAs(RolloutSpec.NONE);
        assertThat(RolloutSpec.NONE.staged()).isFalse();
    }

    @Test
    void readsFleetFieldsAndStorefleetExtras() throws Exception {
        var spec = parse("""
                rolloutStrategy:
                  maxUnavailable: 10%
                  autoPartitionSize: 50%
                  partitions:
                    - name: west
                      maxUnavailable: 1
                      clusterSelector: {matchLabels: {region: west}}
                storefleet:
                  canary: 3
                  bakeTime: 2m
                  haltOnFailure: 5%
                  autoRollback: true
                  maintenanceWindow: store-hours-closed
                  readyDeadline: 90s
                """);

        assertThat(spec.staged()).isTrue();
        assertThat(spec.maxUnavailable()).isEqualTo(new Quantity(10, true));
        assertThat(spec.autoPartitionSize()).isEqualTo(new Quantity(50, true));
        assertThat(spec.partitions()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("west");
            assertThat(p.maxUnavailable()).isEqualTo(new Quantity(1, false));
        });
        assertThat(spec.canary().size()).isEqualTo(3);
        assertThat(spec.bakeTime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(spec.haltOnFailure()).isEqualTo(new Quantity(5, true));
        assertThat(spec.autoRollback()).isTrue();
        assertThat(spec.window()).isEqualTo(MaintenanceMode.store_hours_closed);
        assertThat(spec.readyDeadline()).isEqualTo(Duration.ofSeconds(90));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            storefleet: {bakTime: 2m}                                   | unknown field 'bakTime'
            storefleet: {bakeTime: soon}                                | not a duration
            storefleet: {haltOnFailure: 150%}                           | 0-100%
            storefleet: {maintenanceWindow: nightly}                    | must be immediate, store-hours-closed or urgent
            storefleet: {autoRollback: yes please}                      | true or false
            storefleet: {canary: {name: c}}                             | needs clusterName, clusterSelector or clusterGroup (or size)
            rolloutStrategy: {partitions: [{name: p}]}                  | needs clusterName, clusterSelector or clusterGroup
            rolloutStrategy: {partitions: {name: p}}                    | must be a list
            rolloutStrategy: {maxUnavailable: lots}                     | not a count or a percentage
            """)
    void badSpecIsNamed(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(SpecException.class).hasMessageContaining(message);
    }
}
