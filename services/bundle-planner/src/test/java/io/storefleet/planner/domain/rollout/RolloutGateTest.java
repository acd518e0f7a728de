package io.storefleet.planner.domain.rollout;

import io.storefleet.model.BundleState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutGateTest {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    /**
     * targets: {@code store:releasedSecondsAgo:state} ({@code -} = not released; state {@code -} = no report yet);
     * held: stores whose window is closed; readySince: seconds ago or -.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "~", textBlock = """
            # case                                     | targets                                  | held | maxUnav | halt | readySince | last  | release | failed   | advance | complete | readySinceAfter
            first tick releases the whole wave         | a:-:-,b:-:-,c:-:-                        | ~    | 0 | 1   | ~   | false | a,b,c | ~        | false | false | ~
            closed window holds a store                | a:-:-,b:-:-                              | b    | 0 | 1   | ~   | false | a     | ~        | false | false | ~
            one ErrApplied halts at threshold 1        | a:10:Ready,b:10:ErrApplied,c:10:NotReady | ~    | 0 | 1   | ~   | false | ~     | b        | false | false | ~
            3 failures below 50% of 8 do not halt      | a:5:ErrApplied,b:5:ErrApplied,c:5:ErrApplied,d:5:Ready,e:5:Ready,f:5:Ready,g:5:Ready,h:5:Ready | ~ | 3 | 50% | ~ | false | ~ | ~ | false | false | 0
            NotReady past the deadline counts          | a:400:NotReady,b:400:Ready               | ~    | 0 | 1   | ~   | false | ~     | a        | false | false | ~
            no report past the deadline counts         | a:400:-,b:400:Ready                      | ~    | 0 | 1   | ~   | false | ~     | a        | false | false | ~
            NotReady within the deadline waits         | a:10:NotReady,b:10:Ready                 | ~    | 0 | 1   | ~   | false | ~     | ~        | false | false | ~
            all Ready starts the bake                  | a:10:Ready,b:10:Ready                    | ~    | 0 | 1   | ~   | false | ~     | ~        | false | false | 0
            baking, not long enough                    | a:100:Ready,b:100:Ready                  | ~    | 0 | 1   | 30  | false | ~     | ~        | false | false | 30
            baked: next wave                           | a:100:Ready,b:100:Ready                  | ~    | 0 | 1   | 60  | false | ~     | ~        | true  | false | 60
            baked last wave: complete                  | a:100:Ready,b:100:Ready                  | ~    | 0 | 1   | 60  | true  | ~     | ~        | false | true  | 60
            a store going NotReady resets the bake     | a:100:Ready,b:100:NotReady               | ~    | 0 | 1   | 50  | false | ~     | ~        | false | false | ~
            maxUnavailable 1 tolerates one NotReady    | a:100:Ready,b:100:NotReady               | ~    | 1 | 1   | 60  | false | ~     | ~        | true  | false | 60
            held store counts as unavailable           | a:100:Ready,b:-:-                        | b    | 0 | 1   | ~   | false | ~     | ~        | false | false | ~
            Modified (drift) counts as available       | a:100:Modified                           | ~    | 0 | 1   | 60  | true  | ~     | ~        | false | true  | 60
            """)
    void decidesTheNextStep(String name, String targets, String held, int maxUnavailable, String halt, Integer readySinceAgo,
                            boolean last, String release, String failed, boolean advance, boolean complete, Integer readySinceAfter) {
        var list = new ArrayList<RolloutGate.Target>();
        for (var t : targets.split(",")) {
            var f = t.split(":");
            list.add(new RolloutGate.Target(f[0], f[1].equals("-") ? null : NOW.minusSeconds(Long.parseLong(f[1])),
                    f[2].equals("-") ? null : BundleState.valueOf(f[2]), f[2].equals("ErrApplied") ? "ImagePullBackOff" : ""));
        }
        var windows = new HashMap<String, MaintenanceWindow.Decision>();
        if (held != null) {
            for (var h : held.split(",")) {
                windows.put(h, new MaintenanceWindow.Closed(NOW.plusSeconds(3600), "window opens 13:00 local"));
            }
        }
        var spec = new RolloutSpec(true, null, null, List.of(), null, Duration.ofSeconds(60), Quantity.parse(halt), true,
                MaintenanceMode.store_hours_closed, Duration.ofMinutes(5));
        var wave = new Wave(0, "w", list.stream().map(RolloutGate.Target::storeId).toList(), maxUnavailable);

        var step = RolloutGate.step(wave, last, list, windows, readySinceAgo == null ? null : NOW.minusSeconds(readySinceAgo), spec, NOW);

        assertThat(step.release()).containsExactlyElementsOf(release == null ? List.of() : List.of(release.split(",")));
        assertThat(step.failures()).extracting(io.storefleet.model.StoreFailure::storeId)
                .containsExactlyElementsOf(failed == null ? List.of() : List.of(failed.split(",")));
        assertThat(step.advance()).isEqualTo(advance);
        assertThat(step.complete()).isEqualTo(complete);
        assertThat(step.readySince()).isEqualTo(readySinceAfter == null ? null : NOW.minusSeconds(readySinceAfter));
        if (held != null) {
            assertThat(step.held()).isEqualTo(Map.of(held, "window opens 13:00 local"));
        }
    }
}
