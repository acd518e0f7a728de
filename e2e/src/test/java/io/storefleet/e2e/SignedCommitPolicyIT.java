package io.storefleet.e2e;

import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Postgres;
import io.storefleet.infra.Service;
import io.storefleet.infra.StoreInventory;
import io.storefleet.infra.demo.DemoRepo;
import io.storefleet.infra.demo.FleetApi;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.junit.jupiter.api.AfterAll;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.signing.ssh.SshSignerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A repo under a signed-commits policy (git-watcher trusts one OpenPGP key and one SSH key): an unsigned push plans
 * nothing, and the ledger holds the commit as refused and a PlanningFailed with reason UnsignedCommit; a commit signed
 * by the allowed SSH key is planned; one signed by another SSH key is refused as UntrustedSigner.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignedCommitPolicyIT {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static LocalStack stack;
    private static DemoRepo repo;
    private static FleetApi api;
    private static Path allowedSshKey;
    private static Path otherSshKey;

    @BeforeAll
    static void start() throws Exception {
        var run = UUID.randomUUID().toString().substring(0, 8);
        stack = LocalStack.create(LocalStack.findHome(), "signed-" + run, "sf_signed_" + run, true).startInfra();
        try (var c = Postgres.connect(stack.database())) {
            StoreInventory.createSchema(c);
            StoreInventory.upsert(c, StoreInventory.stores(StoreInventory.fixture(), 3, "sig" + run + "-"));
        }
        repo = DemoRepo.create(stack.runDir().resolve("fleet-repo"));
        var trusted = Files.write(stack.runDir().resolve("trusted-signers.asc"), armoredPublicKey());
        allowedSshKey = sshKey(stack.runDir().resolve("ssh-allowed"));
        otherSshKey = sshKey(stack.runDir().resolve("ssh-other"));
        var allowedSigners = Files.writeString(stack.runDir().resolve("allowed_signers"),
                "release@retail.example " + Files.readString(allowedSshKey).strip() + "\n");
        stack.startServices(Map.of(Service.GIT_WATCHER, Map.of(
                "storefleet.git-watcher.repos.signed.url", repo.dir().toString(),
                "storefleet.git-watcher.repos.signed.branch", "main",
                "storefleet.git-watcher.repos.signed.trusted-signers-file", trusted.toString(),
                "storefleet.git-watcher.repos.signed.allowed-ssh-signers-file", allowedSigners.toString(),
                "storefleet.git-watcher.poll-interval", "60s")));
        api = FleetApi.of(stack);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    @Order(1)
    void unsignedCommitUnderTheSignedCommitsPolicyPlansNothingAndIsRecorded() throws Exception {
        var sha = repo.nextRelease("mallory@example.com");
        api.triggerWebhook();

        await().atMost(WAIT).until(() -> api.eventCount("PlanningFailed", sha) >= 1);
        var failed = api.events("PlanningFailed", sha);
        assertThat(failed).hasSize(1);
        assertThat(String.valueOf(failed.get(0).get("payload"))).contains("UnsignedCommit");
        assertThat(String.valueOf(api.events("CommitDetected", sha).get(0).get("payload"))).contains("refused:unsigned");
        // nothing of it, nor of the unsigned commit the repo started with, went to any store
        assertThat(api.eventCount("BundleDeploymentPlanned", null)).isZero();
        assertThat(api.eventCount("PlanningFailed", repo.head())).isEqualTo(1);
    }

    @Test
    @Order(2)
    void commitSignedByTheAllowedSshKeyIsPlanned() throws Exception {
        var sha = commitSignedBy(allowedSshKey, "signed by release");
        api.triggerWebhook();

        await().atMost(WAIT).until(() -> api.eventCount("BundleDeploymentPlanned", sha) >= 1);
        assertThat(String.valueOf(api.events("CommitDetected", sha).get(0).get("payload"))).contains("valid:SHA256:");
        assertThat(api.eventCount("PlanningFailed", sha)).isZero();
    }

    @Test
    @Order(3)
    void commitSignedByAnotherSshKeyIsRefusedAsUntrusted() throws Exception {
        var sha = commitSignedBy(otherSshKey, "signed by a stranger");
        api.triggerWebhook();

        await().atMost(WAIT).until(() -> api.eventCount("PlanningFailed", sha) >= 1);
        assertThat(String.valueOf(api.events("PlanningFailed", sha).get(0).get("payload"))).contains("UntrustedSigner");
        assertThat(String.valueOf(api.events("CommitDetected", sha).get(0).get("payload"))).contains("refused:untrusted:SHA256:");
        assertThat(api.eventCount("BundleDeploymentPlanned", sha)).isZero();
    }

    /** An Ed25519 key pair as OpenSSH files ({@code dir/id_ed25519}, {@code .pub}); returns the public key file. */
    private static Path sshKey(Path dir) throws Exception {
        var pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Files.createDirectories(dir);
        try (var out = Files.newOutputStream(dir.resolve("id_ed25519"))) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "e2e", null, out);
        }
        return Files.writeString(dir.resolve("id_ed25519.pub"), PublicKeyEntry.toString(pair.getPublic()) + "\n");
    }

    /** A commit adding one ConfigMap to the bundle, signed as {@code git -c gpg.format=ssh commit -S} does. */
    private static String commitSignedBy(Path publicKey, String message) throws Exception {
        var name = "signed-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(repo.dir().resolve("apps/pos-gateway/" + name + ".yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                data:
                  message: %s
                """.formatted(name, message));
        var ssh = new Config();
        ssh.setString("gpg", null, "format", "ssh");
        var who = new PersonIdent("release", "release@retail.example");
        try (var git = Git.open(repo.dir().toFile())) {
            git.add().addFilepattern(".").call();
            return git.commit().setMessage(message).setAuthor(who).setCommitter(who)
                    .setSign(true).setGpgConfig(new GpgConfig(ssh)).setSigner(new SshSignerFactory().create())
                    .setSigningKey(publicKey.toString()).call().getName();
        }
    }

    /** A key nobody signs with here: the policy is on, so every (unsigned) commit must be refused. */
    private static byte[] armoredPublicKey() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var pair = new JcaPGPKeyPair(PGPPublicKey.RSA_GENERAL, generator.generateKeyPair(), new Date());
        var out = new ByteArrayOutputStream();
        try (var armored = new ArmoredOutputStream(out)) {
            new PGPPublicKeyRing(List.of(pair.getPublicKey())).encode(armored);
        }
        return out.toByteArray();
    }
}
