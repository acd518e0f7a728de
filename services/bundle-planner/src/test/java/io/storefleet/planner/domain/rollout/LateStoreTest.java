package io.storefleet.planner.domain.rollout;

import io.storefleet.planner.domain.ClusterGroups;
import io.storefleet.planner.domain.TargetStore;
import io.storefleet.planner.domain.YamlDocuments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LateStoreTest {
    private static final String PARTITIONS = "storefleet: {canary: {clusterSelector: {matchLabels: {canary: 'true'}}}}\\n"
            + "rolloutStrategy: {partitions: [{name: west, clusterSelector: {matchLabels: {region: west}}}, {name: grp, clusterGroup: pilots},"
            + " {name: north, clusterSelector: {matchLabels: {region: north}}}], autoPartitionSize: 50%}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                          | store: id,region,canary | phase   | current wave | started | released | expected
            matches the canary, canary running              | n1,east,true            | RUNNING | 0            | true    | false    | RELEASE canary
            matches the canary, canary not started yet      | n1,east,true            | RUNNING | 0            | false   | false    | HOLD canary
            matches a later partition                       | n1,west,false           | RUNNING | 0            | true    | false    | HOLD west
            its partition's wave is done                    | n1,west,false           | RUNNING | 3            | true    | false    | RELEASE west
            first matching partition wins over the group    | s04,west,false          | RUNNING | 1            | true    | false    | RELEASE west
            a group member                                  | s04,east,false          | RUNNING | 1            | true    | false    | HOLD grp
            no partition: the last wave                     | n1,east,false           | RUNNING | 2            | true    | false    | HOLD auto-2
            no partition, the last wave running             | n1,east,false           | RUNNING | 4            | true    | false    | RELEASE auto-2
            a partition with no wave (nobody matched): last | n1,north,false          | RUNNING | 0            | true    | false    | HOLD auto-2
            paused: never released, even for a done wave    | n1,west,false           | PAUSED  | 3            | true    | false    | HOLD west
            halted: never released                          | n1,east,true            | HALTED  | 1            | true    | false    | HOLD canary
            already released by this rollout: direct        | n1,west,false           | RUNNING | 1            | true    | true     | DIRECT -
            rollout ended: direct                           | n1,west,false           | ENDED   | 4            | true    | false    | DIRECT -
            """)
    void placesALateStoreByThePartitionRules(String name, String store, LateStore.Phase phase, int current, boolean started,
                                             boolean released, String expected) throws Exception {
        var spec = RolloutSpec.from(YamlDocuments.parse(PARTITIONS.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8)).get(0).node());
        var groups = ClusterGroups.parse("groups:\n  pilots:\n    stores: [s04]\n".getBytes(StandardCharsets.UTF_8));
        var f = store.split(",");
        var target = new TargetStore(f[0], f[1], "UTC", "mini", Map.of("canary", f[2]));
        // as WavePlanner named them: the north partition matched nobody, so it has no wave
        var waves = Arrays.asList("canary", "west", "grp", "auto-1", "auto-2");

        var placement = LateStore.place(spec, waves, phase, current, started, target, released, groups);

        assertThat(placement.send() + " " + (placement.waveName() == null ? "-" : placement.waveName())).isEqualTo(expected);
        if (placement.send() != LateStore.Send.DIRECT) {
            assertThat(waves.get(placement.wave())).isEqualTo(placement.waveName());
        }
    }
}
