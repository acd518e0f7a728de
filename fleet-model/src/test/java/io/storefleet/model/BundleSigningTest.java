package io.storefleet.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleSigningTest {
    static final java.security.KeyPair KEYS = BundleSigning.generateKeyPair();

    private static BundleDeploymentPlanned deployment(String storeId, String manifests) {
        return new BundleDeploymentPlanned(EventMeta.of("test", storeId), "d1", storeId, "app", "demo", "abc",
                ContentHash.sha256(manifests), ManifestCodec.pack(manifests), DeploymentOptions.DEFAULTS, null, null);
    }

    @Test
    void signedDeploymentVerifiesAfterTheJsonRoundTrip() {
        var signed = BundleSigning.sign(deployment("s1", "kind: A"), KEYS.getPrivate());
        var received = (BundleDeploymentPlanned) EventCodec.decode(EventCodec.encode(signed));
        assertThat(BundleSigning.verify(received, KEYS.getPublic())).isTrue();
    }

    @Test
    void anyChangeToWhatTheStoreRunsBreaksTheSignature() {
        var signed = BundleSigning.sign(deployment("s1", "kind: A"), KEYS.getPrivate());
        var otherManifests = new BundleDeploymentPlanned(signed.meta(), signed.deploymentId(), signed.storeId(), signed.bundle(),
                signed.repo(), signed.commit(), signed.contentHash(), ManifestCodec.pack("kind: B"), signed.options(), null, signed.signature());
        var otherStore = new BundleDeploymentPlanned(signed.meta(), signed.deploymentId(), "s2", signed.bundle(),
                signed.repo(), signed.commit(), signed.contentHash(), signed.manifestsGz(), signed.options(), null, signed.signature());
        assertThat(BundleSigning.verify(otherManifests, KEYS.getPublic())).isFalse();
        assertThat(BundleSigning.verify(otherStore, KEYS.getPublic())).isFalse();
    }

    @Test
    void missingGarbledOrForeignSignaturesFail() {
        var unsigned = deployment("s1", "kind: A");
        assertThat(BundleSigning.verify(unsigned, KEYS.getPublic())).isFalse();
        var signedByOther = BundleSigning.sign(unsigned, BundleSigning.generateKeyPair().getPrivate());
        assertThat(BundleSigning.verify(signedByOther, KEYS.getPublic())).isFalse();
        var garbled = new BundleDeploymentPlanned(unsigned.meta(), unsigned.deploymentId(), unsigned.storeId(), unsigned.bundle(),
                unsigned.repo(), unsigned.commit(), unsigned.contentHash(), unsigned.manifestsGz(), unsigned.options(), null, "%%%");
        assertThat(BundleSigning.verify(garbled, KEYS.getPublic())).isFalse();
    }

    @Test
    void keysSurviveTheirTextForm() {
        var pub = BundleSigning.publicKey(BundleSigning.encode(KEYS.getPublic()));
        var priv = BundleSigning.privateKey(BundleSigning.encode(KEYS.getPrivate()));
        assertThat(BundleSigning.verify(BundleSigning.sign(deployment("s1", "x"), priv), pub)).isTrue();
        assertThatThrownBy(() -> BundleSigning.publicKey("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
