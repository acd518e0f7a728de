package io.storefleet.gitwatcher.git;

import io.storefleet.model.CommitSignatureStatus;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * OpenPGP commit signatures against a repo's trusted keys (an armored public key ring file; subkeys count), verified
 * with BouncyCastle directly so the trust is the repo's file, not a user's {@code ~/.gnupg}.
 */
final class OpenPgpSigners {
    private final PGPPublicKeyRingCollection trusted;

    private OpenPgpSigners(PGPPublicKeyRingCollection trusted) {
        this.trusted = trusted;
    }

    /** No OpenPGP key is trusted (the repo's policy allows SSH signers only). */
    static OpenPgpSigners nobody() {
        return new OpenPgpSigners(new PGPPublicKeyRingCollection(List.of()));
    }

    /** Fails on a file without any key: BouncyCastle reads e.g. an SSH allowed signers file as an empty key ring. */
    static OpenPgpSigners trusting(Path armoredKeys) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(armoredKeys))) {
            var keys = new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
            if (keys.size() == 0) {
                throw new IOException("no OpenPGP public key in trusted signers " + armoredKeys
                        + " (an SSH allowed signers file belongs in allowed-ssh-signers-file)");
            }
            return new OpenPgpSigners(keys);
        } catch (PGPException e) {
            throw new IOException("cannot read trusted signers from " + armoredKeys + ": " + e.getMessage(), e);
        }
    }

    /** {@code valid:<key id>}, {@code refused:untrusted:<key id>} or {@code refused:invalid}. */
    String status(byte[] payload, byte[] signature) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(signature))) {
            var object = new JcaPGPObjectFactory(in).nextObject();
            if (!(object instanceof PGPSignatureList list) || list.isEmpty()) {
                return CommitSignatureStatus.REFUSED_INVALID;
            }
            var pgp = list.get(0);
            var keyId = Long.toHexString(pgp.getKeyID()).toUpperCase();
            var key = trusted.getPublicKey(pgp.getKeyID());
            if (key == null) {
                return CommitSignatureStatus.REFUSED_UNTRUSTED_PREFIX + keyId;
            }
            pgp.init(new JcaPGPContentVerifierBuilderProvider(), key);
            pgp.update(payload);
            return pgp.verify() ? CommitSignatureStatus.VALID_PREFIX + keyId : CommitSignatureStatus.REFUSED_INVALID;
        } catch (IOException | PGPException | RuntimeException e) {
            return CommitSignatureStatus.REFUSED_INVALID;
        }
    }
}
