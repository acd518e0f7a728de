package io.storefleet.planner.domain;

import io.storefleet.planner.domain.FleetYaml.Settings;
import io.storefleet.planner.domain.FleetYaml.TargetCustomization;

import java.util.ArrayList;
import java.util.List;

/**
 * Fleet's targeting for one store: the first {@code targetCustomizations} entry that matches wins (or, with
 * {@code AllMatches}, every match applies in file order). A store no entry matches still gets the bundle's defaults,
 * as Fleet's default target is every cluster. An entry matches when every criterion it sets matches
 * (clusterName = store id, clusterSelector over the store's labels, clusterGroup from fleet/groups.yaml).
 */
public final class StoreMatcher {

    /**
     * @param matched     the customisations that apply, in order (empty: the defaults)
     * @param doNotDeploy a matched customisation says the store does not get the bundle
     */
    public record Match(List<TargetCustomization> matched, boolean doNotDeploy) {
        /** The bundle's settings with every matched customisation applied in order. */
        public Settings settings(Settings defaults) {
            var settings = defaults;
            for (var customization : matched) {
                settings = settings.with(customization.settings());
            }
            return settings;
        }

        public List<String> names() {
            return matched.stream().map(c -> c.name() == null ? "<unnamed>" : c.name()).toList();
        }
    }

    public static Match match(List<TargetCustomization> targets, boolean allMatches, TargetStore store, ClusterGroups groups)
            throws SpecException {
        var matched = new ArrayList<TargetCustomization>();
        for (var target : targets) {
            if (matches(target, store, groups)) {
                matched.add(target);
                if (!allMatches) {
                    break;
                }
            }
        }
        return new Match(matched, matched.stream().anyMatch(TargetCustomization::doNotDeploy));
    }

    static boolean matches(TargetCustomization target, TargetStore store, ClusterGroups groups) throws SpecException {
        if (target.clusterName() == null && target.clusterSelector() == null && target.clusterGroup() == null) {
            return false;
        }
        if (target.clusterName() != null && !target.clusterName().equals(store.id())) {
            return false;
        }
        if (target.clusterSelector() != null && !target.clusterSelector().matches(store.selectorLabels())) {
            return false;
        }
        return target.clusterGroup() == null || groups.contains(target.clusterGroup(), store);
    }

    private StoreMatcher() {
    }
}
