package io.storefleet.e2e;

import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Postgres;
import io.storefleet.infra.Service;
import io.storefleet.infra.StoreInventory;
import io.storefleet.infra.demo.DemoRepo;
import io.storefleet.infra.demo.FleetApi;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A repo under a signed-commits policy (git-watcher trusts one OpenPGP key): an unsigned push plans nothing, and the
 * ledger holds the commit as refused and a PlanningFailed with reason UnsignedCommit.
 */
class SignedCommitPolicyIT {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static LocalStack stack;
    private static DemoRepo repo;
    private static FleetApi api;

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
        stack.startServices(Map.of(Service.GIT_WATCHER, Map.of(
                "storefleet.git-watcher.repos.signed.url", repo.dir().toString(),
                "storefleet.git-watcher.repos.signed.branch", "main",
                "storefleet.git-watcher.repos.signed.trusted-signers-file", trusted.toString(),
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
