package io.storefleet.planner.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class BundleDiscoveryTest {

    static Stream<Arguments> trees() {
        return Stream.of(
                arguments("folder of plain yaml is a raw bundle",
                        List.of("apps/web/deploy.yaml", "apps/web/svc.yml"),
                        List.of("apps-web raw: apps/web/deploy.yaml, apps/web/svc.yml")),
                arguments("fleet.yaml bundle owns yaml files recursively, not fleet.yaml",
                        List.of("web/fleet.yaml", "web/a.yaml", "web/sub/b.yaml"),
                        List.of("web fleet: web/a.yaml, web/sub/b.yaml")),
                arguments("nested fleet.yaml bundle takes its own files",
                        List.of("web/fleet.yaml", "web/a.yaml", "web/db/fleet.yaml", "web/db/c.yaml", "web/db/x/d.yaml"),
                        List.of("web fleet: web/a.yaml", "web-db fleet: web/db/c.yaml, web/db/x/d.yaml")),
                arguments("overlays folders are not manifests",
                        List.of("web/fleet.yaml", "web/a.yaml", "web/overlays/prod/a.yaml", "web/sub/overlays/b.yaml"),
                        List.of("web fleet: web/a.yaml")),
                arguments("dot folders, dot files and non-yaml files are ignored",
                        List.of(".github/workflows/ci.yaml", ".gitlab-ci.yml", "README.md", "web/deploy.yaml", "web/notes.txt",
                                "web/.hidden/x.yaml"),
                        List.of("web raw: web/deploy.yaml")),
                arguments("root fleet.yaml makes the repo one bundle named after the repo",
                        List.of("fleet.yaml", "a.yaml", "sub/b.yaml"),
                        List.of("shop-config fleet: a.yaml, sub/b.yaml")),
                arguments("root raw yaml is a bundle named after the repo",
                        List.of("a.yaml", "docs/readme.md"),
                        List.of("shop-config raw: a.yaml")),
                arguments("each raw folder is its own bundle with only its direct files",
                        List.of("apps/a.yaml", "apps/sub/b.yaml"),
                        List.of("apps raw: apps/a.yaml", "apps-sub raw: apps/sub/b.yaml")),
                arguments("fleet.yaml without manifests is an empty bundle",
                        List.of("empty/fleet.yaml"),
                        List.of("empty fleet: ")),
                arguments("raw folders beside fleet bundles stay raw",
                        List.of("pos/fleet.yaml", "pos/app.yaml", "monitoring/node-exporter.yaml"),
                        List.of("monitoring raw: monitoring/node-exporter.yaml", "pos fleet: pos/app.yaml")),
                arguments("a Chart.yaml folder is one Helm bundle owning its templates",
                        List.of("charts/pos/Chart.yaml", "charts/pos/values.yaml", "charts/pos/templates/deploy.yaml"),
                        List.of("charts-pos raw: charts/pos/Chart.yaml, charts/pos/templates/deploy.yaml, charts/pos/values.yaml")),
                arguments("a chart under a fleet.yaml belongs to that bundle",
                        List.of("pos/fleet.yaml", "pos/chart/Chart.yaml", "pos/chart/templates/deploy.yaml"),
                        List.of("pos fleet: pos/chart/Chart.yaml, pos/chart/templates/deploy.yaml")),
                arguments("fleet/groups.yaml defines groups and is no bundle",
                        List.of("fleet/groups.yaml", "web/deploy.yaml"),
                        List.of("web raw: web/deploy.yaml")),
                arguments("no yaml at all means no bundles",
                        List.of("README.md", "scripts/build.sh"),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void discoversBundles(String rule, List<String> paths, List<String> expected) {
        assertThat(describe(BundleDiscovery.discover("shop-config", paths))).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void discoveryIgnoresPathOrder(String rule, List<String> paths, List<String> expected) {
        var shuffled = new ArrayList<>(paths);
        Collections.shuffle(shuffled, new Random(42));
        Collections.reverse(shuffled);
        assertThat(BundleDiscovery.discover("shop-config", shuffled)).isEqualTo(BundleDiscovery.discover("shop-config", paths));
    }

    private static List<String> describe(List<Bundle> bundles) {
        return bundles.stream()
                .map(b -> b.name() + (b.isRaw() ? " raw: " : " fleet: ") + String.join(", ", b.files()))
                .toList();
    }
}
