package io.storefleet.agent.core;

import io.storefleet.model.BundleSigning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;

import static io.storefleet.agent.core.Fixtures.CONFIG_MAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rotating the planner's signing key without an outage (docs/OPERATIONS.md): every agent first trusts old + new,
 * then the planner signs with new, then old is retired. At each step every deployment in flight must still apply.
 */
class KeyRotationTest {
    static final KeyPair OLD = BundleSigning.generateKeyPair();
    static final KeyPair NEW = BundleSigning.generateKeyPair();
    static final KeyPair FOREIGN = BundleSigning.generateKeyPair();

    /** Agent's key file (keys by name, in file order) × key the deployment was signed with → applied? */
    @ParameterizedTest(name = "agent trusts [{0}], signed by {1} -> {2}")
    @CsvSource({
            "old,          old,     applied",    // before the rotation
            "old,          new,     refused",    // planner switched too early: what the order prevents
            "old new,      old,     applied",    // step 1: new key published, planner still on old
            "old new,      new,     applied",    // step 2: planner switched; retained old-signed deployments still apply
            "new old,      old,     applied",    // order in the file does not matter
            "new,          new,     applied",    // step 3: old retired
            "new,          old,     refused",    // a deployment signed with the retired key is no longer accepted
            "old new,      foreign, refused",
    })
    void aDeploymentAppliesWhenAnyTrustedKeySignedIt(String trusted, String signer, String expected,
                                                     @TempDir Path dir) throws Exception {
        var content = new StringBuilder("# planner signing keys, one per line\n");
        for (var name : trusted.trim().split("\\s+")) {
            content.append(BundleSigning.encode(pair(name).getPublic())).append("\n\n");
        }
        // the agent app and the simulator both read their key file this way
        var verifier = DeploymentVerifier.readKeyFile(Files.writeString(dir.resolve("signing.pub"), content));
        var deployment = Fixtures.signed(pair(signer).getPrivate(), "s-1", "pos", "d1", CONFIG_MAP);

        var refusal = verifier.check(deployment);

        assertThat(refusal.isEmpty() ? "applied" : "refused").isEqualTo(expected);
        refusal.ifPresent(r -> assertThat(r.reason()).isEqualTo(AgentFailure.SignatureInvalid));
    }

    @Test
    void aFileWithOneKeyIsTheOriginalFormat() {
        var verifier = DeploymentVerifier.fromKeyFile(BundleSigning.encode(OLD.getPublic()) + "\n");
        assertThat(verifier.keyCount()).isEqualTo(1);
        assertThat(verifier.check(Fixtures.signed(OLD.getPrivate(), "s-1", "pos", "d1", CONFIG_MAP))).isEmpty();
    }

    @Test
    void aFileWithoutKeysOrWithGarbageIsRejectedAtStartup() {
        assertThatThrownBy(() -> DeploymentVerifier.fromKeyFile("# nothing yet\n\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no planner public key");
        assertThatThrownBy(() -> DeploymentVerifier.fromKeyFile("not-base64!\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeploymentVerifier.readKeyFile(Path.of("/nonexistent/signing.pub")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/nonexistent/signing.pub");
        assertThatThrownBy(() -> new DeploymentVerifier(new ArrayList<>())).isInstanceOf(IllegalArgumentException.class);
    }

    private static KeyPair pair(String name) {
        return switch (name) {
            case "old" -> OLD;
            case "new" -> NEW;
            default -> FOREIGN;
        };
    }
}
