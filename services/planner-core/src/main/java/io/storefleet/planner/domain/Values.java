package io.storefleet.planner.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helm values: deep merge (Helm's rule: maps merge, everything else is replaced) and store templating. */
public final class Values {
    private static final Pattern TEMPLATE = Pattern.compile("\\$\\{\\s*\\.Store\\.([A-Za-z0-9_./-]+)\\s*}");

    /** A template names an attribute the store does not have. */
    public static final class TemplateException extends Exception {
        private final String placeholder;

        TemplateException(String message, String placeholder) {
            super(message);
            this.placeholder = placeholder;
        }

        public String placeholder() {
            return placeholder;
        }
    }

    /** {@code overlay} merged onto a copy of {@code base}; either may be null. */
    public static ObjectNode merge(ObjectNode base, ObjectNode overlay) {
        if (base == null) {
            return overlay == null ? null : overlay.deepCopy();
        }
        var merged = base.deepCopy();
        if (overlay != null) {
            mergeInto(merged, overlay);
        }
        return merged;
    }

    /** RFC 7386 JSON merge patch semantics too: a null in {@code overlay} removes the key. */
    static void mergeInto(ObjectNode target, JsonNode overlay) {
        var fields = overlay.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            var value = field.getValue();
            var existing = target.get(field.getKey());
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && existing != null && existing.isObject()) {
                mergeInto((ObjectNode) existing, value);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }

    /** A copy with every {@code ${ .Store.x }} in string values (and keys) replaced by the store's attribute. */
    public static JsonNode template(JsonNode node, TargetStore store) throws TemplateException {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(substitute(node.asText(), store));
        }
        if (node.isObject()) {
            var copy = JsonNodeFactory.instance.objectNode();
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                copy.set(substitute(field.getKey(), store), template(field.getValue(), store));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode(node.size());
            for (var element : node) {
                copy.add(template(element, store));
            }
            return copy;
        }
        return node;
    }

    static String substitute(String text, TargetStore store) throws TemplateException {
        if (!text.contains("${")) {
            return text;
        }
        var matcher = TEMPLATE.matcher(text);
        var out = new StringBuilder();
        while (matcher.find()) {
            var path = matcher.group(1);
            var value = store.attribute(path);
            if (value.isEmpty()) {
                throw new TemplateException("store " + store.id() + " has no attribute '" + path + "' for " + matcher.group(), matcher.group());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value.get()));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private Values() {
    }
}
