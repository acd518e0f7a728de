package io.storefleet.gitwatcher.git;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

/** OpenPGP keys and signed commit objects for tests, made with BouncyCastle and JGit's own commit writer. */
public final class SigningKeys {
    private final PGPKeyPair pair;

    private SigningKeys(PGPKeyPair pair) {
        this.pair = pair;
    }

    public static SigningKeys generate() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return new SigningKeys(new JcaPGPKeyPair(PGPPublicKey.RSA_GENERAL, generator.generateKeyPair(), new Date()));
    }

    /** The key id as signature statuses name it. */
    public String keyId() {
        return Long.toHexString(pair.getKeyID()).toUpperCase();
    }

    /** The public key as an armored key ring file (a repo's trusted signers). */
    public Path writePublicKey(Path file) throws Exception {
        var out = new ByteArrayOutputStream();
        try (var armored = new ArmoredOutputStream(out)) {
            new PGPPublicKeyRing(List.of(pair.getPublicKey())).encode(armored);
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    /** An armored detached signature of {@code payload}, as {@code git commit -S} puts in the gpgsig header. */
    public String sign(byte[] payload) throws Exception {
        var generator = new PGPSignatureGenerator(new JcaPGPContentSignerBuilder(pair.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256));
        generator.init(PGPSignature.BINARY_DOCUMENT, pair.getPrivateKey());
        generator.update(payload);
        var out = new ByteArrayOutputStream();
        try (var armored = new ArmoredOutputStream(out)) {
            generator.generate().encode(armored);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** A commit object signed by this key (signed == null: unsigned), as JGit writes it. */
    public static CommitBuilder commit(ObjectId tree, ObjectId parent, String message) {
        var who = new PersonIdent("Ada", "ada@example.com", new Date(1_700_000_000_000L), TimeZone.getTimeZone("UTC"));
        var commit = new CommitBuilder();
        commit.setTreeId(tree);
        if (parent != null) {
            commit.setParentId(parent);
        }
        commit.setAuthor(who);
        commit.setCommitter(who);
        commit.setMessage(message);
        return commit;
    }

    public CommitBuilder signed(CommitBuilder commit) throws Exception {
        commit.setGpgSignature(new GpgSignature(sign(commit.build()).getBytes(StandardCharsets.US_ASCII)));
        return commit;
    }
}
