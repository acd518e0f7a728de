package io.storefleet.agent.sim;

import io.storefleet.model.BundleSigning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorArgsTest {

    @Test
    void withoutAKeyDeploymentsAreNotVerified() {
        var config = SimulatorArgs.parse(new String[]{"--broker", "127.0.0.1:1884", "--stores", "3"});

        assertThat(config.plannerKeys()).isEmpty();
        assertThat(config.port()).isEqualTo(1884);
        assertThat(config.storeIds()).hasSize(3);
    }

    @Test
    void publicKeyFileIsReadAsBase64X509(@TempDir Path dir) throws Exception {
        var key = BundleSigning.generateKeyPair().getPublic();
        var file = dir.resolve("signing.pub");
        Files.writeString(file, BundleSigning.encode(key) + "\n");

        var config = SimulatorArgs.parse(new String[]{"--stores", "1", "--public-key-file", file.toString()});

        assertThat(config.plannerKeys()).containsExactly(key);
    }

    @Test
    void publicKeyFileIsAKeySetLikeTheAgentAppsDuringARotation(@TempDir Path dir) throws Exception {
        var old = BundleSigning.generateKeyPair().getPublic();
        var next = BundleSigning.generateKeyPair().getPublic();
        var file = dir.resolve("signing.pub");
        Files.writeString(file, "# old, retired after the re-signing release\n" + BundleSigning.encode(old) + "\n\n"
                + "# new\n" + BundleSigning.encode(next) + "\n");

        var config = SimulatorArgs.parse(new String[]{"--stores", "1", "--public-key-file", file.toString()});

        assertThat(config.plannerKeys()).containsExactly(old, next);
    }

    @Test
    void keyFileWithoutAKeyIsAnError(@TempDir Path dir) throws Exception {
        var file = Files.writeString(dir.resolve("signing.pub"), "# nothing yet\n");

        assertThatThrownBy(() -> SimulatorArgs.parse(new String[]{"--public-key-file", file.toString()}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--public-key-file")
                .hasMessageContaining("no planner public key");
    }

    @Test
    void unreadableKeyFileIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> SimulatorArgs.parse(new String[]{"--public-key-file", dir.resolve("nope").toString()}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--public-key-file");
    }
}
