package io.storefleet.gitwatcher.git;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.signing.ssh.SshSignerFactory;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;

/**
 * An Ed25519 SSH key for tests, in OpenSSH files, and commits signed with it by JGit's own SSH signer — what
 * {@code git -c gpg.format=ssh commit -S} writes, with nothing but Java.
 */
public final class SshKeys {
    public static final Signer SIGNER = new SshSignerFactory().create();

    private final PublicKey publicKey;
    private final Path publicKeyFile;

    private SshKeys(PublicKey publicKey, Path publicKeyFile) {
        this.publicKey = publicKey;
        this.publicKeyFile = publicKeyFile;
    }

    /** A new key, written as {@code dir/id_ed25519} and {@code dir/id_ed25519.pub}. */
    public static SshKeys generate(Path dir) throws Exception {
        var pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve("id_ed25519"))) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test", null, out);
        }
        var file = Files.writeString(dir.resolve("id_ed25519.pub"), PublicKeyEntry.toString(pair.getPublic()) + " test\n");
        return new SshKeys(pair.getPublic(), file);
    }

    /** The key {@link #generate} wrote to {@code dir}. */
    public static SshKeys at(Path dir) throws Exception {
        var file = dir.resolve("id_ed25519.pub");
        var entry = PublicKeyEntry.parsePublicKeyEntry(Files.readString(file).strip());
        return new SshKeys(entry.resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING), file);
    }

    /** {@code key-type base64-key}, as in an authorized_keys or allowed signers line. */
    public String publicKey() {
        return PublicKeyEntry.toString(publicKey);
    }

    /** {@code SHA256:…}, as {@code ssh-keygen -l} prints it. */
    public String fingerprint() {
        return KeyUtils.getFingerPrint(publicKey);
    }

    /** One allowed signers line for this key. */
    public String allowedSigner(String principal) {
        return principal + " " + publicKey();
    }

    /** The private key file's path's {@code .pub} twin: what {@code user.signingKey} names with {@code gpg.format=ssh}. */
    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** {@code git config gpg.format ssh} with this key as the signing key. */
    public GpgConfig gpgConfig() {
        var git = new Config();
        git.setString("gpg", null, "format", "ssh");
        git.setString("user", null, "signingKey", publicKeyFile.toString());
        return new GpgConfig(git);
    }

    public CommitBuilder signed(CommitBuilder commit) throws Exception {
        var committer = commit.getCommitter() == null ? new PersonIdent("test", "test@example.com") : commit.getCommitter();
        commit.setGpgSignature(SIGNER.sign(null, gpgConfig(), commit.build(), committer, publicKeyFile.toString(), null));
        return commit;
    }
}
