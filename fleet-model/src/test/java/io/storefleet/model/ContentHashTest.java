package io.storefleet.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentHashTest {

    @Test
    void sameContentAndOptionsGiveTheSameId() {
        assertThat(ContentHash.deploymentId("kind: A", DeploymentOptions.DEFAULTS))
                .isEqualTo(ContentHash.deploymentId("kind: A", new DeploymentOptions("default", null, true)));
    }

    @Test
    void changedContentOrOptionsChangeTheId() {
        var base = ContentHash.deploymentId("kind: A", DeploymentOptions.DEFAULTS);
        assertThat(ContentHash.deploymentId("kind: B", DeploymentOptions.DEFAULTS)).isNotEqualTo(base);
        assertThat(ContentHash.deploymentId("kind: A", new DeploymentOptions("shop", null, true))).isNotEqualTo(base);
    }

    @Test
    void noDependenciesKeepTheIdOfBundlesWithoutThem() {
        var base = ContentHash.deploymentId("kind: A", DeploymentOptions.DEFAULTS);
        assertThat(ContentHash.deploymentId("kind: A", new DeploymentOptions("default", null, true, java.util.List.of())))
                .isEqualTo(base);
        assertThat(EventCodec.encode(DeploymentOptions.DEFAULTS)).doesNotContain("dependsOn").doesNotContain("dependencies");
        assertThat(ContentHash.deploymentId("kind: A", new DeploymentOptions("default", null, true, java.util.List.of("db"))))
                .isNotEqualTo(base);
    }

    @Test
    void sha256MatchesKnownVector() {
        assertThat(ContentHash.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void manifestsSurvivePacking() {
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";
        assertThat(ManifestCodec.unpack(ManifestCodec.pack(yaml))).isEqualTo(yaml);
    }
}
