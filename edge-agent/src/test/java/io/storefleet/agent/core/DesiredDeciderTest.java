package io.storefleet.agent.core;

import io.storefleet.model.BundleState;
import io.storefleet.model.MqttTopics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.storefleet.agent.core.Fixtures.CONFIG_MAP;
import static io.storefleet.agent.core.Fixtures.planned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DesiredDeciderTest {
    private static final String STORE = "store-0001";
    private static final String TOPIC = MqttTopics.desired(STORE, "pos");

    private static BundleRecord record(BundleState state, String deploymentId, String applied) {
        return new BundleRecord("pos", state, deploymentId, "c1", "", applied, commitOf(applied));
    }

    private static Desired plan(String store, String bundle, String deploymentId) {
        return new Desired.Planned(planned(store, bundle, deploymentId, CONFIG_MAP));
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // rule, topic, desired, current, expected decision, expected failure reason
                arguments("new bundle is applied", TOPIC, plan(STORE, "pos", "d1"), null, Decision.Apply.class, null),
                arguments("new deployment of a known bundle is applied", TOPIC, plan(STORE, "pos", "d2"),
                        record(BundleState.Ready, "d1", "d1"), Decision.Apply.class, null),
                arguments("same deployment already Ready is ignored", TOPIC, plan(STORE, "pos", "d1"),
                        record(BundleState.Ready, "d1", "d1"), Decision.Ignore.class, null),
                arguments("same deployment still NotReady is ignored", TOPIC, plan(STORE, "pos", "d1"),
                        record(BundleState.NotReady, "d1", "d1"), Decision.Ignore.class, null),
                arguments("same deployment being applied is ignored", TOPIC, plan(STORE, "pos", "d2"),
                        record(BundleState.WaitApplied, "d2", "d1"), Decision.Ignore.class, null),
                arguments("applied deployment after a refused message is restored, not re-applied", TOPIC,
                        plan(STORE, "pos", "d1"), record(BundleState.ErrApplied, null, "d1"), Decision.Restore.class, null),
                arguments("deployment whose apply failed is retried", TOPIC, plan(STORE, "pos", "d2"),
                        record(BundleState.ErrApplied, "d2", "d1"), Decision.Apply.class, null),
                arguments("empty payload removes a known bundle", TOPIC, new Desired.Removed(),
                        record(BundleState.Ready, "d1", "d1"), Decision.Remove.class, null),
                arguments("empty payload for an unknown bundle is ignored", TOPIC, new Desired.Removed(), null,
                        Decision.Ignore.class, null),
                arguments("garbage payload fails the bundle", TOPIC, new Desired.Invalid("Unexpected character"),
                        record(BundleState.Ready, "d1", "d1"), Decision.Fail.class, AgentFailure.PayloadInvalid),
                arguments("event for another store is rejected", TOPIC, plan("store-0002", "pos", "d1"), null,
                        Decision.Fail.class, AgentFailure.StoreMismatch),
                arguments("event for another bundle than its topic is rejected", TOPIC, plan(STORE, "kiosk", "d1"),
                        null, Decision.Fail.class, AgentFailure.BundleMismatch),
                arguments("topic of another store is ignored", MqttTopics.desired("store-0002", "pos"),
                        plan(STORE, "pos", "d1"), null, Decision.Ignore.class, null),
                arguments("status topic is ignored", MqttTopics.status(STORE), plan(STORE, "pos", "d1"), null,
                        Decision.Ignore.class, null),
                arguments("nested bundle topic is ignored", TOPIC + "/extra", plan(STORE, "pos", "d1"), null,
                        Decision.Ignore.class, null));
    }

    static Stream<Arguments> afterAnError() {
        return Stream.of(
                // rule, current, desired deployment, expected decision, deployment a Restore names
                arguments("applied deployment after a refused message is restored",
                        record(BundleState.ErrApplied, "d1", "d1"), "d1", Decision.Restore.class, "d1"),
                arguments("applied deployment after a failed apply of another is restored as itself, not the failed one",
                        record(BundleState.ErrApplied, "d2", "d1"), "d1", Decision.Restore.class, "d1"),
                arguments("failed deployment sent again is applied again",
                        record(BundleState.ErrApplied, "d2", "d1"), "d2", Decision.Apply.class, null),
                arguments("failed first deployment sent again is applied again",
                        record(BundleState.ErrApplied, "d1", null), "d1", Decision.Apply.class, null),
                arguments("third deployment after a failed apply is applied",
                        record(BundleState.ErrApplied, "d2", "d1"), "d3", Decision.Apply.class, null));
    }

    /** As the agent holds it: each deployment with its own commit ("c0ffee" + id, as {@link Fixtures} plans it). */
    private static BundleRecord tracking(BundleState state, String deploymentId, String applied) {
        return new BundleRecord("pos", state, deploymentId, commitOf(deploymentId), "", applied, commitOf(applied));
    }

    private static String commitOf(String deploymentId) {
        return deploymentId == null ? null : "c0ffee" + deploymentId;
    }

    static Stream<Arguments> refusals() {
        var garbage = new Desired.Invalid("Unexpected character");
        var otherStore = plan("store-0002", "pos", "d3");
        return Stream.of(
                // rule, current, refused message, expected Fail deployment id + commit (what runs in the cluster)
                arguments("refused while Ready names the applied deployment and its commit",
                        tracking(BundleState.Ready, "d1", "d1"), garbage, "d1"),
                arguments("refused after a failed apply names the applied deployment with its own commit, not the failed one's",
                        tracking(BundleState.ErrApplied, "d2", "d1"), garbage, "d1"),
                arguments("refused while another is being applied names what runs now with its commit",
                        tracking(BundleState.WaitApplied, "d2", "d1"), otherStore, "d1"),
                arguments("refused before anything was applied names nothing",
                        tracking(BundleState.ErrApplied, "d2", null), garbage, null),
                arguments("refused for an unknown bundle names nothing", null, garbage, null));
    }

    /** A refusal never touches the cluster: the status it causes pairs what runs with that deployment's own commit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aRefusalNamesTheRunningDeploymentWithItsOwnCommit(String rule, BundleRecord current, Desired desired,
                                                           String running) {
        var decision = DesiredDecider.decide(STORE, TOPIC, desired, current);

        assertThat(decision).as(rule).isInstanceOf(Decision.Fail.class);
        var fail = (Decision.Fail) decision;
        assertThat(fail.deploymentId()).as(rule).isEqualTo(running);
        assertThat(fail.commit()).as(rule).isEqualTo(commitOf(running));
    }

    /** A deployment whose apply failed is never restored (reported applied): only an apply of it can make it so. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("afterAnError")
    void restoresOnlyTheAppliedDeployment(String rule, BundleRecord current, String deploymentId,
                                          Class<? extends Decision> expected, String restored) {
        var decision = DesiredDecider.decide(STORE, TOPIC, plan(STORE, "pos", deploymentId), current);

        assertThat(decision).as(rule).isInstanceOf(expected);
        if (decision instanceof Decision.Restore restore) {
            assertThat(restore).as(rule).isEqualTo(new Decision.Restore(restored, "c0ffee" + restored));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void decidesPerRule(String rule, String topic, Desired desired, BundleRecord current,
                        Class<? extends Decision> expected, AgentFailure reason) {
        var decision = DesiredDecider.decide(STORE, topic, desired, current);

        assertThat(decision).as(rule).isInstanceOf(expected);
        if (reason != null) {
            assertThat(((Decision.Fail) decision).reason()).as(rule).isEqualTo(reason);
        }
    }
}
