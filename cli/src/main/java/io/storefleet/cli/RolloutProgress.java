package io.storefleet.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** A rollout (the planner's {@code /api/rollouts/{id}} JSON) as lines: a header, then a progress bar per wave. Pure. */
final class RolloutProgress {
    private static final int WIDTH = 30;

    static List<String> lines(JsonNode rollout, boolean storeLines) {
        var lines = new ArrayList<String>();
        var commit = rollout.path("commit").asText();
        lines.add(String.format("rollout %s  %s  window %s  commit %s%s", rollout.path("id").asText(), rollout.path("state").asText(),
                rollout.path("maintenanceWindow").asText(), commit.length() > 8 ? commit.substring(0, 8) : commit,
                rollout.hasNonNull("message") ? "  (" + rollout.path("message").asText() + ")" : ""));
        int nameWidth = 6;
        for (var w : rollout.path("waves")) {
            nameWidth = Math.max(nameWidth, w.path("name").asText().length());
        }
        for (var w : rollout.path("waves")) {
            int total = w.path("stores").asInt();
            int ready = w.path("ready").asInt();
            int failed = w.path("failed").asInt();
            int pending = w.path("pending").asInt();
            int filled = total == 0 ? 0 : ready * WIDTH / total;
            int bad = total == 0 ? 0 : Math.min(WIDTH - filled, (failed * WIDTH + total - 1) / total);
            var bar = "#".repeat(filled) + "x".repeat(bad) + " ".repeat(WIDTH - filled - bad);
            var extra = new StringBuilder();
            if (failed > 0) {
                extra.append(", ").append(failed).append(" failed");
            }
            var held = 0;
            String firstHeld = null;
            for (var s : w.path("storeLines")) {
                var status = s.path("status").asText();
                if (status.startsWith("Pending (")) {
                    held++;
                    firstHeld = firstHeld == null ? status.substring("Pending (".length(), status.length() - 1) : firstHeld;
                }
            }
            if (held > 0) {
                extra.append(", ").append(held).append(" pending (").append(firstHeld).append(held > 1 ? ", …" : "").append(')');
            } else if (pending > 0 && !"Waiting".equals(w.path("status").asText())) {
                extra.append(", ").append(pending).append(" not released");
            }
            lines.add(String.format("  %-" + nameWidth + "s [%s] %3d/%-3d Ready  %-8s%s", w.path("name").asText(), bar, ready, total,
                    w.path("status").asText(), extra));
            if (storeLines) {
                for (var s : w.path("storeLines")) {
                    lines.add(String.format("      %-24s %s%s", s.path("storeId").asText(), s.path("status").asText(),
                            s.path("rolledBack").asBoolean() ? "  (rolled back)" : ""));
                }
            }
        }
        return lines;
    }

    static boolean finished(JsonNode rollout) {
        var state = rollout.path("state").asText();
        return !state.equals("Running") && !state.equals("Paused");
    }

    private RolloutProgress() {
    }
}
