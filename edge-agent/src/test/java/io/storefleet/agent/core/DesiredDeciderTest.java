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
        return new BundleRecord("pos", state, deploymentId, "c1", "", applied);
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
