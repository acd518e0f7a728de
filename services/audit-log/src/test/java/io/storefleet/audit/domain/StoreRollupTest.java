package io.storefleet.audit.domain;

import io.storefleet.model.BundleState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.storefleet.model.BundleState.*;
import static org.assertj.core.api.Assertions.assertThat;

class StoreRollupTest {

    @ParameterizedTest(name = "desired={0} applied={1} reported={2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "d1, d1, Ready,      Ready",
            "d1, d1, NotReady,   NotReady",
            "d1, d1, ErrApplied, ErrApplied",
            "d1, d1, Modified,   Modified",
            "d2, d1, Ready,      WaitApplied",   // agent still runs the old deployment
            "d2, d1, Modified,   WaitApplied",   // mismatch outranks the old deployment's own trouble
            "d2, d1, ErrApplied, ErrApplied",    // ...unless that trouble is worse
            "d1, -,  -,          WaitApplied",   // planned, agent has not reported yet
            "-,  d1, Ready,      WaitApplied",   // reported but no longer desired: removal pending
    })
    void bundleStateFollowsReportAndDesiredMatch(String desired, String applied, BundleState reported,
                                                 BundleState expected) {
        var bundle = new BundleView("pos", desired, "c", applied, "c", reported, null);

        assertThat(StoreRollup.bundleState(bundle)).isEqualTo(expected);
    }

    @Test
    void storeIsWorstOfItsBundles() {
        var ready = new BundleView("pos", "d1", "c", "d1", "c", Ready, null);
        var waiting = new BundleView("kiosk", "d2", "c", "d1", "c", Ready, null);
        var broken = new BundleView("menu", "d3", "c", "d3", "c", ErrApplied, "boom");

        assertThat(StoreRollup.storeState(List.of(ready))).isEqualTo(Ready);
        assertThat(StoreRollup.storeState(List.of(ready, waiting))).isEqualTo(WaitApplied);
        assertThat(StoreRollup.storeState(List.of(ready, waiting, broken))).isEqualTo(ErrApplied);
    }

    @Test
    void storeWithoutBundlesIsReady() {
        assertThat(StoreRollup.storeState(List.of())).isEqualTo(Ready);
    }
}
