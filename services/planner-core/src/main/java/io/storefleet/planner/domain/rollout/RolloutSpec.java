package io.storefleet.planner.domain.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.storefleet.model.FailureReason;
import io.storefleet.planner.domain.Bundle;
import io.storefleet.planner.domain.LabelSelector;
import io.storefleet.planner.domain.RenderResult;
import io.storefleet.planner.domain.SpecException;
import io.storefleet.planner.domain.YamlDocuments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a bundle's change reaches its stores: Fleet's {@code rolloutStrategy} ({@code maxUnavailable},
 * {@code autoPartitionSize}, {@code partitions[]}) plus storefleet's extras under {@code storefleet:} ({@code canary},
 * {@code bakeTime}, {@code haltOnFailure}, {@code autoRollback}, {@code maintenanceWindow}, {@code readyDeadline}).
 * {@link #NONE} (neither set) keeps the default path: every store gets the change at once.
 *
 * @param maxUnavailable    stores of a wave that may be not Ready when the next wave starts; null = 0 (all Ready)
 * @param autoPartitionSize size of the automatic waves of the stores no partition names; null = 25% (Fleet's default)
 * @param canary            the first wave, or null
 * @param haltOnFailure     failed stores of a wave that halt the rollout (count or %); default 1
 * @param readyDeadline     a released store not Ready after this counts as failed (ErrApplied counts at once)
 */
public record RolloutSpec(boolean staged, Quantity maxUnavailable, Quantity autoPartitionSize, List<Partition> partitions,
                          Partition canary, Duration bakeTime, Quantity haltOnFailure, boolean autoRollback,
                          MaintenanceMode window, Duration readyDeadline) {
    public static final Duration DEFAULT_READY_DEADLINE = Duration.ofMinutes(5);
    public static final RolloutSpec NONE = new RolloutSpec(false, null, null, List.of(), null, Duration.ZERO,
            new Quantity(1, false), false, MaintenanceMode.immediate, DEFAULT_READY_DEADLINE);

    /**
     * A Fleet partition (by name, selector, group or store id) or the canary; {@code size} (canary only) takes the
     * first N stores by id when no selector is given.
     */
    public record Partition(String name, Quantity maxUnavailable, String clusterName, LabelSelector clusterSelector,
                            String clusterGroup, Integer size) {
    }

    public RolloutSpec {
        partitions = List.copyOf(partitions);
    }

    /** An urgent commit (see {@code Storefleet-Rollout: urgent}): one wave, no windows, no bake. */
    public RolloutSpec urgent() {
        return new RolloutSpec(true, null, Quantity.ALL, List.of(), null, Duration.ZERO, haltOnFailure, autoRollback,
                MaintenanceMode.urgent, readyDeadline);
    }

    /** The commit-message trailer {@code ./storefleet rollback --urgent} writes: the commit ignores waves and windows. */
    public static final String URGENT_TRAILER = "Storefleet-Rollout: urgent";

    public static boolean isUrgent(String commitMessage) {
        return commitMessage != null && commitMessage.lines().anyMatch(l -> l.strip().equalsIgnoreCase(URGENT_TRAILER));
    }

    private static final Set<String> STRATEGY = Set.of("maxUnavailable", "autoPartitionSize", "partitions");
    private static final Set<String> STRATEGY_IGNORED = Set.of("maxUnavailablePartitions");
    private static final Set<String> PARTITION = Set.of("name", "maxUnavailable", "clusterName", "clusterSelector", "clusterGroup");
    private static final Set<String> EXTRAS = Set.of("canary", "bakeTime", "haltOnFailure", "autoRollback", "maintenanceWindow",
            "readyDeadline");

    /** The spec of a bundle, or the {@link RenderResult.Failed} its fleet.yaml earns; raw bundles have {@link #NONE}. */
    public static Object read(Bundle bundle, Map<String, byte[]> files) {
        if (bundle.isRaw() || files.get(bundle.fleetYaml()) == null) {
            return NONE;
        }
        var content = files.get(bundle.fleetYaml());
        try {
            var documents = YamlDocuments.parse(content);
            return from(documents.isEmpty() ? null : documents.get(0).node());
        } catch (YamlDocuments.SyntaxError e) {
            return NONE; // the renderer reports the syntax error of the same file
        } catch (SpecException e) {
            return new RenderResult.Failed(bundle, FailureReason.FleetYamlInvalid, bundle.fleetYaml(),
                    lineOf(content, e.needle()), e.getMessage());
        }
    }

    public static RolloutSpec from(JsonNode root) throws SpecException {
        if (root == null || !root.isObject()) {
            return NONE;
        }
        var strategy = root.get("rolloutStrategy");
        var extras = root.get("storefleet");
        boolean hasStrategy = strategy != null && !strategy.isNull();
        boolean hasExtras = extras != null && !extras.isNull();
        if (!hasStrategy && !hasExtras) {
            return NONE;
        }
        Quantity maxUnavailable = null;
        Quantity autoSize = null;
        var partitions = new ArrayList<Partition>();
        if (hasStrategy) {
            mapping(strategy, "rolloutStrategy");
            only(strategy, "rolloutStrategy", STRATEGY, STRATEGY_IGNORED);
            maxUnavailable = quantity(strategy, "maxUnavailable", "rolloutStrategy");
            autoSize = quantity(strategy, "autoPartitionSize", "rolloutStrategy");
            var list = strategy.get("partitions");
            if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                    throw new SpecException("rolloutStrategy.partitions must be a list", "partitions");
                }
                int i = 0;
                for (var item : list) {
                    partitions.add(partition(item, "rolloutStrategy.partitions[" + i + "]", "partition-" + (i + 1), false));
                    i++;
                }
            }
        }
        Partition canary = null;
        var bake = Duration.ZERO;
        var halt = new Quantity(1, false);
        var autoRollback = false;
        var window = MaintenanceMode.immediate;
        var deadline = DEFAULT_READY_DEADLINE;
        if (hasExtras) {
            mapping(extras, "storefleet");
            only(extras, "storefleet", EXTRAS, Set.of());
            var c = extras.get("canary");
            if (c != null && !c.isNull()) {
                canary = c.isInt() ? new Partition("canary", null, null, null, null, c.intValue())
                        : partition(c, "storefleet.canary", "canary", true);
                if (c.isInt() && c.intValue() < 1) {
                    throw new SpecException("storefleet.canary must be at least 1 store", "canary");
                }
            }
            bake = duration(extras, "bakeTime", bake);
            deadline = duration(extras, "readyDeadline", deadline);
            var h = quantity(extras, "haltOnFailure", "storefleet");
            halt = h == null ? halt : h;
            var rollback = extras.get("autoRollback");
            if (rollback != null && !rollback.isNull()) {
                if (!rollback.isBoolean()) {
                    throw new SpecException("storefleet.autoRollback must be true or false", "autoRollback");
                }
                autoRollback = rollback.booleanValue();
            }
            var w = text(extras, "maintenanceWindow");
            if (w != null) {
                try {
                    window = MaintenanceMode.parse(w);
                } catch (IllegalArgumentException e) {
                    throw new SpecException("storefleet." + e.getMessage(), "maintenanceWindow");
                }
            }
        }
        return new RolloutSpec(true, maxUnavailable, autoSize, partitions, canary, bake, halt, autoRollback, window, deadline);
    }

    private static Partition partition(JsonNode node, String where, String defaultName, boolean canary) throws SpecException {
        mapping(node, where);
        var allowed = new java.util.HashSet<>(PARTITION);
        if (canary) {
            allowed.add("size");
        }
        only(node, where, allowed, Set.of("clusterGroupSelector"));
        var selector = node.get("clusterSelector");
        Integer size = null;
        if (canary && node.hasNonNull("size")) {
            if (!node.get("size").isInt() || node.get("size").intValue() < 1) {
                throw new SpecException(where + ".size must be a positive number of stores", "size");
            }
            size = node.get("size").intValue();
        }
        var name = text(node, "name");
        var partition = new Partition(name == null ? defaultName : name, quantity(node, "maxUnavailable", where),
                text(node, "clusterName"),
                selector == null || selector.isNull() ? null : LabelSelector.parse(selector, where + ".clusterSelector"),
                text(node, "clusterGroup"), size);
        if (partition.clusterName() == null && partition.clusterSelector() == null && partition.clusterGroup() == null && size == null) {
            throw new SpecException(where + " needs clusterName, clusterSelector or clusterGroup" + (canary ? " (or size)" : ""),
                    canary ? "canary" : "partitions");
        }
        return partition;
    }

    private static void mapping(JsonNode node, String where) throws SpecException {
        if (!node.isObject()) {
            throw new SpecException(where + " must be a mapping", where.substring(where.lastIndexOf('.') + 1).replaceAll("\\[.*", ""));
        }
    }

    private static void only(JsonNode node, String where, Set<String> acted, Set<String> ignored) throws SpecException {
        var names = node.fieldNames();
        while (names.hasNext()) {
            var name = names.next();
            if (!acted.contains(name) && !ignored.contains(name)) {
                throw new SpecException(where + " has unknown field '" + name + "'", name);
            }
        }
    }

    private static Quantity quantity(JsonNode node, String field, String where) throws SpecException {
        var value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Quantity.parse(value.asText());
        } catch (IllegalArgumentException e) {
            throw new SpecException(where + "." + field + ": " + e.getMessage(), field);
        }
    }

    private static Duration duration(JsonNode node, String field, Duration fallback) throws SpecException {
        var value = text(node, field);
        if (value == null) {
            return fallback;
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new SpecException("storefleet." + field + ": " + e.getMessage(), field);
        }
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank() ? null : value.asText().strip();
    }

    private static Integer lineOf(byte[] content, String needle) {
        if (needle == null) {
            return null;
        }
        var lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        return null;
    }
}
