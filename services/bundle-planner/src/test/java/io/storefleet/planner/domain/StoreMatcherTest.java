package io.storefleet.planner.domain;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class StoreMatcherTest {
    private static final TargetStore STORE = new TargetStore("store-0042", "west", "America/Los_Angeles", "hyper",
            Map.of("canary", "true", "pos", "ncr"));
    private static final ClusterGroups GROUPS = ClusterGroups.parse("""
            groups:
              pilots:
                stores: [store-0042, store-0043]
              east:
                selector:
                  matchLabels: {region: east}
              hypers:
                selector:
                  matchExpressions: [{key: format, operator: In, values: [hyper]}]
            """.getBytes(StandardCharsets.UTF_8));

    static Stream<Arguments> rules() {
        return Stream.of(
                arguments("no customisations: defaults", "[]", null, ""),
                arguments("clusterName is the store id", "[{name: a, clusterName: store-0042}]", null, "a"),
                arguments("another store's name does not match", "[{name: a, clusterName: store-0001}]", null, ""),
                arguments("matchLabels over jsonb labels", "[{name: a, clusterSelector: {matchLabels: {canary: 'true'}}}]", null, "a"),
                arguments("matchLabels over the region column", "[{name: a, clusterSelector: {matchLabels: {region: west}}}]", null, "a"),
                arguments("matchLabels all must match", "[{name: a, clusterSelector: {matchLabels: {region: west, pos: toshiba}}}]", null, ""),
                arguments("empty selector matches every store", "[{name: a, clusterSelector: {}}]", null, "a"),
                arguments("entry without criteria matches nothing", "[{name: a}]", null, ""),
                arguments("In", "[{name: a, clusterSelector: {matchExpressions: [{key: format, operator: In, values: [hyper, super]}]}}]", null, "a"),
                arguments("In misses", "[{name: a, clusterSelector: {matchExpressions: [{key: format, operator: In, values: [express]}]}}]", null, ""),
                arguments("NotIn", "[{name: a, clusterSelector: {matchExpressions: [{key: pos, operator: NotIn, values: [toshiba]}]}}]", null, "a"),
                arguments("NotIn matches an absent label", "[{name: a, clusterSelector: {matchExpressions: [{key: hw, operator: NotIn, values: [x]}]}}]", null, "a"),
                arguments("Exists", "[{name: a, clusterSelector: {matchExpressions: [{key: canary, operator: Exists}]}}]", null, "a"),
                arguments("DoesNotExist", "[{name: a, clusterSelector: {matchExpressions: [{key: canary, operator: DoesNotExist}]}}]", null, ""),
                arguments("group by store list", "[{name: a, clusterGroup: pilots}]", null, "a"),
                arguments("group by selector", "[{name: a, clusterGroup: hypers}]", null, "a"),
                arguments("group the store is not in", "[{name: a, clusterGroup: east}]", null, ""),
                arguments("every set criterion must match", "[{name: a, clusterName: store-0042, clusterGroup: east}]", null, ""),
                arguments("first match wins", "[{name: a, clusterName: store-0001}, {name: b, clusterGroup: pilots}, {name: c, clusterSelector: {}}]", null, "b"),
                arguments("AllMatches applies every match in order", "[{name: a, clusterGroup: pilots}, {name: x, clusterName: nope}, {name: c, clusterSelector: {}}]", "AllMatches", "a,c"),
                arguments("doNotDeploy", "[{name: skip, clusterGroup: pilots, doNotDeploy: true}]", null, "skip!"),
                arguments("doNotDeploy after a first match does not apply", "[{name: a, clusterSelector: {}}, {name: skip, clusterGroup: pilots, doNotDeploy: true}]", null, "a"),
                arguments("doNotDeploy among AllMatches", "[{name: a, clusterSelector: {}}, {name: skip, clusterGroup: pilots, doNotDeploy: true}]", "AllMatches", "a,skip!"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void matchesCustomisations(String rule, String targets, String mode, String expected) throws Exception {
        var fleet = FleetYaml.from(yaml("targetCustomizations: " + targets + (mode == null ? "" : "\ntargetCustomizationMode: " + mode)));

        var match = StoreMatcher.match(fleet.targets(), fleet.allMatches(), STORE, GROUPS);

        assertThat(String.join(",", match.names()) + (match.doNotDeploy() ? "!" : "")).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("unknown group", "[{name: a, clusterGroup: nope}]", "clusterGroup 'nope' is not defined"),
                arguments("unknown operator", "[{name: a, clusterSelector: {matchExpressions: [{key: a, operator: Maybe}]}}]", "operator must be"),
                arguments("In without values", "[{name: a, clusterSelector: {matchExpressions: [{key: a, operator: In}]}}]", "needs values"),
                arguments("typo in a customisation", "[{name: a, clusterSelectr: {}}]", "unknown field 'clusterSelectr'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidTargetingIsASpecError(String rule, String targets, String message) {
        var thrown = org.assertj.core.api.Assertions.catchThrowable(() -> {
            var fleet = FleetYaml.from(yaml("targetCustomizations: " + targets));
            StoreMatcher.match(fleet.targets(), fleet.allMatches(), STORE, GROUPS);
        });

        assertThat(thrown).isInstanceOf(SpecException.class).hasMessageContaining(message);
    }

    private static JsonNode yaml(String text) throws YamlDocuments.SyntaxError {
        return YamlDocuments.parse(text.getBytes(StandardCharsets.UTF_8)).get(0).node();
    }
}
