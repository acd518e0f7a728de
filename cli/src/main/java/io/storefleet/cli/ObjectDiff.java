package io.storefleet.cli;

import io.storefleet.planner.domain.YamlDocuments;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What changes for a store when its deployment goes from one set of rendered manifests to another, per object
 * (kind, namespace, name): added, changed (any field), removed. Both sides are the planner's canonical YAML, so equal
 * objects have equal text.
 */
record ObjectDiff(List<String> added, List<String> changed, List<String> removed) {

    static ObjectDiff between(String before, String after) {
        var old = objects(before);
        var now = objects(after);
        var added = new ArrayList<String>();
        var changed = new ArrayList<String>();
        var removed = new ArrayList<String>();
        now.forEach((id, text) -> {
            if (!old.containsKey(id)) {
                added.add(id);
            } else if (!old.get(id).equals(text)) {
                changed.add(id);
            }
        });
        old.keySet().stream().filter(id -> !now.containsKey(id)).forEach(removed::add);
        return new ObjectDiff(added, changed, removed);
    }

    boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }

    /** {@code + ConfigMap pos/a, ~ Deployment pos/web, - Service pos/old}; at most {@code limit} objects named. */
    String summary(int limit) {
        var parts = new ArrayList<String>();
        added.forEach(id -> parts.add("+ " + id));
        changed.forEach(id -> parts.add("~ " + id));
        removed.forEach(id -> parts.add("- " + id));
        if (parts.isEmpty()) {
            return "no object changes";
        }
        var shown = String.join(", ", parts.subList(0, Math.min(limit, parts.size())));
        return parts.size() > limit ? shown + ", … (" + (parts.size() - limit) + " more)" : shown;
    }

    /** Identity ({@code Kind namespace/name}) → canonical text; empty for null or empty manifests. */
    private static Map<String, String> objects(String manifests) {
        var out = new TreeMap<String, String>();
        if (manifests == null || manifests.isBlank()) {
            return out;
        }
        try {
            for (var document : YamlDocuments.parse(manifests.getBytes(StandardCharsets.UTF_8))) {
                var node = document.node();
                var meta = node.path("metadata");
                var namespace = meta.path("namespace").asText("");
                out.put(node.path("kind").asText() + " " + (namespace.isEmpty() ? "" : namespace + "/") + meta.path("name").asText(),
                        node.toString());
            }
        } catch (YamlDocuments.SyntaxError e) {
            throw new IllegalArgumentException("rendered manifests are not YAML: " + e.getMessage(), e);
        }
        return out;
    }
}
