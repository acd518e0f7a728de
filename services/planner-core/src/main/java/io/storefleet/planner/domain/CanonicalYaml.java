package io.storefleet.planner.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.Collection;

/** The one YAML writer whose bytes get hashed: keys sorted at every level, one fixed style, one document per object. */
public final class CanonicalYaml {
    private static final ObjectWriter WRITER = new YAMLMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build()).writer();

    /** Writes the objects in the given order, each as its own {@code ---} document, keys sorted. */
    public static String write(Collection<? extends JsonNode> objects) {
        var out = new StringBuilder();
        for (var object : objects) {
            try {
                out.append(WRITER.writeValueAsString(sorted(object)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a parsed YAML tree could not be written back", e);
            }
        }
        return out.toString();
    }

    /** A deep copy with object keys in natural order. */
    public static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            var names = new ArrayList<String>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            names.forEach(name -> copy.set(name, sorted(node.get(name))));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }

    private CanonicalYaml() {
    }
}
