package io.storefleet.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SealedSecretsTest {
    private static final java.security.KeyPair FLEET = SealedSecrets.generateKeyPair();

    @Test
    void sealedValueOpensOnlyWithTheFleetKeyAndHidesThePlaintext() {
        var sealed = SealedSecrets.seal(FLEET.getPublic(), "p@ss-w0rd!");
        assertThat(sealed).startsWith(SealedSecrets.PREFIX).doesNotContain("p@ss");
        assertThat(SealedSecrets.seal(FLEET.getPublic(), "p@ss-w0rd!")).as("randomised").isNotEqualTo(sealed);
        assertThat(SealedSecrets.open(FLEET.getPrivate(), sealed)).isEqualTo("p@ss-w0rd!");
        var other = SealedSecrets.generateKeyPair();
        assertThatThrownBy(() -> SealedSecrets.open(other.getPrivate(), sealed))
                .isInstanceOf(SealedSecrets.SealedSecretException.class).hasMessageNotContaining("p@ss");
    }

    @Test
    void alteredCiphertextIsRefused() {
        var sealed = SealedSecrets.seal(FLEET.getPublic(), "value");
        var flipped = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A") ? "B" : "A") + sealed.charAt(sealed.length() - 1);
        assertThatThrownBy(() -> SealedSecrets.open(FLEET.getPrivate(), flipped)).isInstanceOf(SealedSecrets.SealedSecretException.class);
    }

    @Test
    void opensEverySealedStringInATree() {
        var tree = Map.of("kind", "Secret", "stringData", Map.of("password", SealedSecrets.seal(FLEET.getPublic(), "s3cret")),
                "list", List.of(SealedSecrets.seal(FLEET.getPublic(), "x"), 1));
        assertThat(SealedSecrets.containsSealed(tree)).isTrue();
        var opened = SealedSecrets.openTree(FLEET.getPrivate(), tree);
        assertThat(opened).isEqualTo(Map.of("kind", "Secret", "stringData", Map.of("password", "s3cret"), "list", List.of("x", 1)));
        assertThat(SealedSecrets.containsSealed(opened)).isFalse();
    }

    @Test
    void keysRoundTripAsBase64() {
        var sealed = SealedSecrets.seal(SealedSecrets.publicKey(SealedSecrets.encode(FLEET.getPublic())), "v");
        assertThat(SealedSecrets.open(SealedSecrets.privateKey(SealedSecrets.encode(FLEET.getPrivate())), sealed)).isEqualTo("v");
    }
}
