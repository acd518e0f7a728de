package io.storefleet.planner.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A Kubernetes label selector ({@code matchLabels} + {@code matchExpressions}); an empty selector matches every store. */
public record LabelSelector(Map<String, String> matchLabels, List<Expression> matchExpressions) {
    public enum Operator { In, NotIn, Exists, DoesNotExist }

    public record Expression(String key, Operator operator, List<String> values) {
        boolean matches(Map<String, String> labels) {
            var value = labels.get(key);
            return switch (operator) {
                case In -> value != null && values.contains(value);
                case NotIn -> value == null || !values.contains(value);
                case Exists -> value != null;
                case DoesNotExist -> value == null;
            };
        }
    }

    public LabelSelector {
        matchLabels = Map.copyOf(matchLabels);
        matchExpressions = List.copyOf(matchExpressions);
    }

    public boolean matches(Map<String, String> labels) {
        for (var entry : matchLabels.entrySet()) {
            if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        return matchExpressions.stream().allMatch(e -> e.matches(labels));
    }

    public static LabelSelector parse(JsonNode node, String where) throws SpecException {
        if (node == null || node.isNull()) {
            return new LabelSelector(Map.of(), List.of());
        }
        if (!node.isObject()) {
            throw new SpecException(where + " must be a mapping", where);
        }
        FleetYaml.onlyFields(node, where, Set.of("matchLabels", "matchExpressions"), Set.of());
        var labels = new LinkedHashMap<String, String>();
        var matchLabels = node.get("matchLabels");
        if (matchLabels != null && !matchLabels.isNull()) {
            if (!matchLabels.isObject()) {
                throw new SpecException(where + ".matchLabels must be a mapping", "matchLabels");
            }
            var fields = matchLabels.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                if (!field.getValue().isValueNode()) {
                    throw new SpecException(where + ".matchLabels." + field.getKey() + " must be a string", field.getKey());
                }
                labels.put(field.getKey(), field.getValue().asText());
            }
        }
        var expressions = new ArrayList<Expression>();
        var matchExpressions = node.get("matchExpressions");
        if (matchExpressions != null && !matchExpressions.isNull()) {
            if (!matchExpressions.isArray()) {
                throw new SpecException(where + ".matchExpressions must be a list", "matchExpressions");
            }
            for (var expression : matchExpressions) {
                expressions.add(expression(expression, where + ".matchExpressions"));
            }
        }
        return new LabelSelector(labels, expressions);
    }

    private static Expression expression(JsonNode node, String where) throws SpecException {
        if (!node.isObject()) {
            throw new SpecException(where + " entries must be mappings", "matchExpressions");
        }
        FleetYaml.onlyFields(node, where, Set.of("key", "operator", "values"), Set.of());
        var key = node.path("key").asText("");
        if (key.isBlank()) {
            throw new SpecException(where + " entry without key", "matchExpressions");
        }
        Operator operator;
        try {
            operator = Operator.valueOf(node.path("operator").asText(""));
        } catch (IllegalArgumentException e) {
            throw new SpecException(where + " operator must be In, NotIn, Exists or DoesNotExist, not '"
                    + node.path("operator").asText("") + "'", "operator");
        }
        var values = new ArrayList<String>();
        node.path("values").forEach(v -> values.add(v.asText()));
        boolean needsValues = operator == Operator.In || operator == Operator.NotIn;
        if (needsValues == values.isEmpty()) {
            throw new SpecException(where + " operator " + operator + (needsValues ? " needs values" : " takes no values"), key);
        }
        return new Expression(key, operator, values);
    }
}
