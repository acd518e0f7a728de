package io.storefleet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RenderCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helmBundleRendersWithTheValuesOfTheCustomisationTheLabelsMatch() throws IOException {
        write("fleet.yaml", """
                defaultNamespace: pos
                helm:
                  chart: ./chart
                  values:
                    storeId: ${ .Store.id }
                targetCustomizations:
                  - name: west
                    clusterSelector:
                      matchLabels: {region: west}
                    helm:
                      values:
                        replicas: 4
                """);
        write("chart/Chart.yaml", "apiVersion: v2\nname: pos\nversion: 1.0.0\n");
        write("chart/values.yaml", "replicas: 1\nstoreId: none\n");
        write("chart/templates/cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: pos
                data:
                  replicas: "{{ .Values.replicas }}"
                  store: {{ .Values.storeId }}
                """);

        int west = run("--label", "region=west", "--store", "store-0007");
        var westOut = out.toString(StandardCharsets.UTF_8);
        out.reset();
        int east = run("--label", "region=east");

        assertThat(west).isZero();
        assertThat(westOut).contains("replicas: \"4\"").contains("store: store-0007").contains("namespace: pos");
        assertThat(east).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("replicas: \"1\"").contains("store: preview-store");
    }

    @Test
    void brokenBundleExitsOneWithReasonFileAndLine() throws IOException {
        write("fleet.yaml", "defaultNamespace: pos\nhelm:\n  chart: ./chart\n  chrat: typo\n");

        int exit = run();

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("FleetYamlInvalid at fleet.yaml:4").contains("chrat");
    }

    @Test
    void doNotDeployIsReportedAndPrintsNothing() throws IOException {
        write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        write("fleet.yaml", "targetCustomizations:\n- name: skip\n  clusterSelector:\n    matchLabels: {format: kiosk}\n  doNotDeploy: true\n");

        int exit = run("-l", "format=kiosk");

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not deployed to this store");
    }

    private int run(String... options) {
        var args = new String[options.length + 1];
        args[0] = dir.toString();
        System.arraycopy(options, 0, args, 1, options.length);
        return new CommandLine(new RenderCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
    }

    private void write(String path, String content) throws IOException {
        var file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
