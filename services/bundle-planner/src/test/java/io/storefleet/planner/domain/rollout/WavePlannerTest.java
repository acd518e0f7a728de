package io.storefleet.planner.domain.rollout;

import io.storefleet.planner.domain.ClusterGroups;
import io.storefleet.planner.domain.TargetStore;
import io.storefleet.planner.domain.YamlDocuments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class WavePlannerTest {

    /** 10 stores s01..s10; s02 and s07 carry canary=true; odd ones are region west, even ones east. */
    static List<TargetStore> stores() {
        var stores = new ArrayList<TargetStore>();
        for (int i = 10; i >= 1; i--) { // unsorted on purpose
            var id = String.format("s%02d", i);
            stores.add(new TargetStore(id, i % 2 == 1 ? "west" : "east", "UTC", "mini",
                    Map.of("canary", Boolean.toString(i == 2 || i == 7))));
        }
        return stores;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                  | fleet.yaml (\\n = newline)                                                                    | waves: name=stores;...
            canary of 3, auto 50% of the rest        | storefleet: {canary: 3}\\nrolloutStrategy: {autoPartitionSize: 50%}                           | canary=s01,s02,s03;auto-1=s04,s05,s06;auto-2=s07,s08,s09;auto-3=s10
            canary by label, Fleet default 25%        | storefleet: {canary: {clusterSelector: {matchLabels: {canary: 'true'}}}}\\nrolloutStrategy: {}  | canary=s02,s07;auto-1=s01,s03;auto-2=s04,s05;auto-3=s06,s08;auto-4=s09,s10
            partitions in order, first match wins    | rolloutStrategy: {partitions: [{name: pilot, clusterName: s09}, {name: west, clusterSelector: {matchLabels: {region: west}}}, {name: rest, clusterSelector: {matchLabels: {region: east}}}]} | pilot=s09;west=s01,s03,s05,s07;rest=s02,s04,s06,s08,s10
            canary stores leave the partitions       | storefleet: {canary: {name: first, clusterName: s01}}\\nrolloutStrategy: {partitions: [{name: west, clusterSelector: {matchLabels: {region: west}}}]} | first=s01;west=s03,s05,s07,s09;auto-1=s02;auto-2=s04;auto-3=s06;auto-4=s08;auto-5=s10
            empty partitions are dropped             | rolloutStrategy: {partitions: [{name: none, clusterSelector: {matchLabels: {region: north}}}], autoPartitionSize: 5} | auto-1=s01,s02,s03,s04,s05;auto-2=s06,s07,s08,s09,s10
            cluster group                            | rolloutStrategy: {partitions: [{name: grp, clusterGroup: pilots}], autoPartitionSize: 100%}  | grp=s04,s10;auto-1=s01,s02,s03,s05,s06,s07,s08,s09
            window only: one wave                    | storefleet: {maintenanceWindow: store-hours-closed}                                          | auto-1=s01,s02,s03,s04,s05,s06,s07,s08,s09,s10
            tiny percentage still moves one store    | rolloutStrategy: {autoPartitionSize: 1%}\\nstorefleet: {canary: 8}                            | canary=s01,s02,s03,s04,s05,s06,s07,s08;auto-1=s09;auto-2=s10
            """)
    void splitsStoresIntoWaves(String name, String yaml, String expected) throws Exception {
        var spec = RolloutSpec.from(YamlDocuments.parse(yaml.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8)).get(0).node());
        var groups = ClusterGroups.parse("""
                groups:
                  pilots:
                    stores: [s04, s10]
                """.getBytes(StandardCharsets.UTF_8));

        var waves = WavePlanner.plan(spec, stores(), groups);

        assertThat(waves.stream().map(w -> w.name() + "=" + String.join(",", w.stores())).collect(Collectors.joining(";")))
                .isEqualTo(expected);
        assertThat(waves).extracting(Wave::index).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, waves.size()).boxed().toList());
    }

    @ParameterizedTest(name = "maxUnavailable {0} of a wave of {1} → {2}")
    @CsvSource(textBlock = """
            -,   4, 0
            1,   4, 1
            50%, 4, 2
            10%, 4, 0
            9,   4, 4
            """)
    void maxUnavailableResolvesPerWave(String maxUnavailable, int size, int expected) throws Exception {
        var yaml = "rolloutStrategy: {autoPartitionSize: " + size + (maxUnavailable.equals("-") ? "" : ", maxUnavailable: '" + maxUnavailable + "'") + "}";
        var spec = RolloutSpec.from(YamlDocuments.parse(yaml.getBytes(StandardCharsets.UTF_8)).get(0).node());

        assertThat(WavePlanner.plan(spec, stores(), ClusterGroups.NONE).get(0).maxUnavailable()).isEqualTo(expected);
    }
}
