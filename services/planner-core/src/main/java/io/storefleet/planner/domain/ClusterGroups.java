package io.storefleet.planner.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named groups of stores from the repo's {@code fleet/groups.yaml}, Fleet's ClusterGroups in Git:
 * <pre>
 * groups:
 *   west-coast:
 *     selector: {matchLabels: {region: west}}
 *   pilots:
 *     stores: [store-0001, store-0002]
 * </pre>
 * A group with both matches a store in either. A broken file is remembered and fails only the bundles that use a group.
 */
public final class ClusterGroups {
    public static final String PATH = "fleet/groups.yaml";
    public static final ClusterGroups NONE = new ClusterGroups(Map.of(), null);

    private record Group(LabelSelector selector, Set<String> stores) {
    }

    private final Map<String, Group> groups;
    private final SpecException broken;

    private ClusterGroups(Map<String, Group> groups, SpecException broken) {
        this.groups = groups;
        this.broken = broken;
    }

    /** Parses groups.yaml; never throws, a problem surfaces when a bundle uses a group. */
    public static ClusterGroups parse(byte[] content) {
        if (content == null) {
            return NONE;
        }
        try {
            var documents = YamlDocuments.parse(content);
            var root = documents.isEmpty() ? null : documents.get(0).node();
            return new ClusterGroups(groups(root), null);
        } catch (YamlDocuments.SyntaxError e) {
            return new ClusterGroups(Map.of(), new SpecException(PATH + " is not valid YAML: " + e.getMessage(), null));
        } catch (SpecException e) {
            return new ClusterGroups(Map.of(), e);
        }
    }

    private static Map<String, Group> groups(JsonNode root) throws SpecException {
        var groups = new HashMap<String, Group>();
        if (root == null || root.isNull()) {
            return groups;
        }
        if (!root.isObject() || !root.path("groups").isObject()) {
            throw new SpecException(PATH + " must be a mapping with a 'groups' mapping", "groups");
        }
        var fields = root.get("groups").fields();
        while (fields.hasNext()) {
            var field = fields.next();
            var where = PATH + " group " + field.getKey();
            var node = field.getValue();
            if (!node.isObject()) {
                throw new SpecException(where + " must be a mapping", field.getKey());
            }
            FleetYaml.onlyFields(node, where, Set.of("selector", "stores"), Set.of());
            var selector = node.has("selector") ? LabelSelector.parse(node.get("selector"), where + ".selector") : null;
            var stores = new HashSet<String>();
            node.path("stores").forEach(s -> stores.add(s.asText()));
            groups.put(field.getKey(), new Group(selector, stores));
        }
        return groups;
    }

    public boolean contains(String group, TargetStore store) throws SpecException {
        if (broken != null) {
            throw broken;
        }
        var found = groups.get(group);
        if (found == null) {
            throw new SpecException("clusterGroup '" + group + "' is not defined in " + PATH + " (defined: "
                    + List.copyOf(new java.util.TreeSet<>(groups.keySet())) + ")", group);
        }
        return found.stores().contains(store.id()) || (found.selector() != null && found.selector().matches(store.selectorLabels()));
    }
}
