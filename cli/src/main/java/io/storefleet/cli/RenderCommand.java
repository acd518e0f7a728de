package io.storefleet.cli;

import io.storefleet.planner.domain.BundleDiscovery;
import io.storefleet.planner.domain.BundleRenderer;
import io.storefleet.planner.domain.ClusterGroups;
import io.storefleet.planner.domain.RenderResult;
import io.storefleet.planner.domain.TargetStore;
import io.storefleet.planner.render.LocalToolchain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code ./storefleet render DIR --label k=v}: what a store with those labels gets from the bundle(s) in DIR, rendered by
 * the planner's own code (targeting, per-store values, Helm, kustomize) — Fleet's {@code fleet test -l k=v}.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Print the manifests (YAML stream) a store would get from the bundle(s) in DIR.",
                "Labels region, timezone and format also set those store attributes for ${ .Store.x } templates."})
public final class RenderCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "a bundle folder (fleet.yaml, Chart.yaml or plain YAML) or a repo checkout")
    Path dir;

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "a store label (repeatable)")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--store", paramLabel = "ID", description = "the store id (clusterName, ${ .Store.id }); default: ${DEFAULT-VALUE}")
    String storeId = "preview-store";

    @Option(names = "--groups", paramLabel = "FILE", description = "cluster groups file; default: fleet/groups.yaml in DIR or a folder above it")
    Path groupsFile;

    private final PrintStream out;
    private final PrintStream err;

    public RenderCommand() {
        this(System.out, System.err);
    }

    RenderCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            err.println("render: " + dir + " is not a directory");
            return 2;
        }
        var files = read(dir);
        var store = new TargetStore(storeId, labels.get("region"), labels.get("timezone"), labels.get("format"), labels);
        var groups = ClusterGroups.parse(groups());
        var bundles = BundleDiscovery.discover(dir.toAbsolutePath().normalize().getFileName().toString(), files.keySet());
        if (bundles.isEmpty()) {
            err.println("render: no bundle in " + dir + " (no fleet.yaml, Chart.yaml or YAML files)");
            return 2;
        }
        var renderer = new BundleRenderer(new LocalToolchain(null));
        int failures = 0;
        for (var bundle : bundles) {
            var result = renderer.plan(bundle, files, List.of(store), groups);
            if (result instanceof RenderResult.Failed failed) {
                failures++;
                err.printf("render: bundle %s: %s at %s%s: %s%n", bundle.name(), failed.reason(), failed.file(),
                        failed.line() == null ? "" : ":" + failed.line(), failed.detail());
            } else if (result instanceof RenderResult.Targeted targeted) {
                targeted.warnings().forEach(w -> err.println("render: bundle " + bundle.name() + ": warning: " + w));
                var rendered = targeted.byStore().get(store.id());
                if (rendered == null) {
                    err.println("render: bundle " + bundle.name() + ": not deployed to this store (doNotDeploy)");
                    continue;
                }
                if (bundles.size() > 1) {
                    out.println("# bundle " + bundle.name() + " (deployment " + rendered.deploymentId() + ")");
                }
                out.print(rendered.manifests());
            }
        }
        return failures == 0 ? 0 : 1;
    }

    /** The files of DIR as the planner sees a commit (paths relative to DIR); dot-folders such as .git are skipped. */
    static Map<String, byte[]> read(Path root) throws IOException {
        var files = new TreeMap<String, byte[]>();
        try (var walk = Files.walk(root)) {
            for (var path : walk.filter(Files::isRegularFile).toList()) {
                var relative = root.relativize(path).toString().replace('\\', '/');
                if (!relative.startsWith(".git/")) {
                    files.put(relative, Files.readAllBytes(path));
                }
            }
        }
        return files;
    }

    private byte[] groups() throws IOException {
        if (groupsFile != null) {
            return Files.readAllBytes(groupsFile);
        }
        for (var d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            var candidate = d.resolve(ClusterGroups.PATH);
            if (Files.isRegularFile(candidate)) {
                return Files.readAllBytes(candidate);
            }
            if (Files.exists(d.resolve(".git"))) {
                break;
            }
        }
        return null;
    }
}
