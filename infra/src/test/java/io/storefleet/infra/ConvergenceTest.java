package io.storefleet.infra;

import io.storefleet.infra.demo.Convergence;
import io.storefleet.model.view.BundleView;
import io.storefleet.model.view.StoreView;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConvergenceTest {

    /** One store with one bundle, described by: desired commit, desired id, applied id, state, online. */
    @ParameterizedTest(name = "[{index}] desired {0}/{1} applied {2} {3} online={4} -> converged={5} as {6}")
    @CsvSource(nullValues = "-", value = {
            "c2, d2, d2, Ready,      true,  true,  Ready",
            "c2, d2, d1, Ready,      true,  false, Ready",
            "c2, d2, d2, NotReady,   true,  false, NotReady",
            "c1, d1, d1, Ready,      true,  false, Pending",
            "c2, d2, d2, Ready,      false, true,  Offline",
            "c2, d2, -,  -,          -,     false, Unknown",
    })
    void aStoreConvergesWhenItRunsTheCommitsDeploymentAndIsReady(String desiredCommit, String desired, String applied,
                                                                 String state, Boolean online, boolean converged, String shownAs) {
        var store = new StoreView("s1", online, null, state, List.of(new BundleView("app", desired, desiredCommit, applied, "c?", state, null)));
        var c = Convergence.of(List.of(store), "c2", 1);
        assertThat(c.converged()).isEqualTo(converged ? 1 : 0);
        assertThat(c.byState()).containsEntry(shownAs, 1);
    }

    @ParameterizedTest
    @CsvSource({"3, 1, 2/3 Ready  (Unseen 1)", "2, 0, 2/2 Ready"})
    void storesNotSeenYetCountAsUnseen(int expected, int unseen, String summary) {
        var ready = new BundleView("app", "d2", "c2", "d2", "c2", "Ready", null);
        var stores = List.of(new StoreView("a", true, null, "Ready", List.of(ready)), new StoreView("b", true, null, "Ready", List.of(ready)));
        var c = Convergence.of(stores, "c2", expected);
        assertThat(c.byState().getOrDefault("Unseen", 0)).isEqualTo(unseen);
        assertThat(c.summary()).isEqualTo(summary);
        assertThat(c.done()).isEqualTo(unseen == 0);
    }
}
