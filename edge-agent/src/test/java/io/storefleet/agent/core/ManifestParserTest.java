package io.storefleet.agent.core;

import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.ManifestCodec;
import org.junit.jupiter.api.Test;

import static io.storefleet.agent.core.Fixtures.CONFIG_MAP;
import static io.storefleet.agent.core.Fixtures.DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestParserTest {

    @Test
    void multiDocumentYamlBecomesKeyedObjectsWithDefaultNamespace() {
        var objects = ManifestParser.parse(ManifestCodec.pack(CONFIG_MAP + "---\n" + DEPLOYMENT + "---\n"),
                DeploymentOptions.DEFAULTS);

        assertThat(objects).extracting(KubeObject::key).containsExactly(
                new ObjectKey("v1", "ConfigMap", "default", "pos-config"),
                new ObjectKey("apps/v1", "Deployment", "pos", "pos"));
        assertThat(objects.get(0).body()).extracting("metadata").extracting("namespace").isEqualTo("default");
    }

    @Test
    void forcedNamespaceWinsButNotOnClusterScopedKinds() {
        var yaml = DEPLOYMENT + "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: pos\n";

        var objects = ManifestParser.parse(ManifestCodec.pack(yaml), new DeploymentOptions("default", "store", true));

        assertThat(objects).extracting(o -> o.key().namespace()).containsExactly("store", "");
    }

    @Test
    void documentWithoutKindIsInvalid() {
        var packed = ManifestCodec.pack("apiVersion: v1\nmetadata:\n  name: x\n");

        assertThatThrownBy(() -> ManifestParser.parse(packed, null))
                .isInstanceOf(ManifestParser.ManifestException.class).hasMessageContaining("document 1");
    }

    @Test
    void brokenYamlIsInvalid() {
        assertThatThrownBy(() -> ManifestParser.parse(ManifestCodec.pack("kind: [unclosed\n"), null))
                .isInstanceOf(ManifestParser.ManifestException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void notGzipIsInvalid() {
        assertThatThrownBy(() -> ManifestParser.parse("bm90IGd6aXA=", null))
                .isInstanceOf(ManifestParser.ManifestException.class).hasMessageContaining("gzip");
    }

    @Test
    void duplicateObjectIsInvalid() {
        assertThatThrownBy(() -> ManifestParser.parse(ManifestCodec.pack(CONFIG_MAP + "---\n" + CONFIG_MAP), null))
                .isInstanceOf(ManifestParser.ManifestException.class).hasMessageContaining("duplicate");
    }
}
