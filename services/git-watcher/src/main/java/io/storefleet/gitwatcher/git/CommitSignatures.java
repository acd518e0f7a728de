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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks a commit's OpenPGP signature ({@code gpgsig} header) the way {@code git verify-commit} does: over the raw
 * commit object without that header, against a repo's trusted signers (an armored public key ring file; subkeys count).
 */
public final class CommitSignatures {
    private final Optional<PGPPublicKeyRingCollection> trusted;

    private CommitSignatures(Optional<PGPPublicKeyRingCollection> trusted) {
        this.trusted = trusted;
    }

    /** No policy: statuses say only whether a signature is present. */
    public static CommitSignatures none() {
        return new CommitSignatures(Optional.empty());
    }

    /** A policy: only commits signed by a key in this armored key ring file are {@code valid}; all others are refused. */
    public static CommitSignatures trusting(Path armoredKeys) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(armoredKeys))) {
            return new CommitSignatures(Optional.of(new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator())));
        } catch (PGPException e) {
            throw new IOException("cannot read trusted signers from " + armoredKeys + ": " + e.getMessage(), e);
        }
    }

    /** The {@link CommitSignatureStatus} of a raw commit object. */
    public String status(byte[] rawCommit) {
        var split = split(rawCommit);
        if (split == null) {
            return trusted.isPresent() ? CommitSignatureStatus.REFUSED_UNSIGNED : CommitSignatureStatus.UNSIGNED;
        }
        if (trusted.isEmpty()) {
            return CommitSignatureStatus.SIGNED;
        }
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(split.signature()))) {
            var object = new JcaPGPObjectFactory(in).nextObject();
            if (!(object instanceof PGPSignatureList list) || list.isEmpty()) {
                return CommitSignatureStatus.REFUSED_INVALID;
            }
            var signature = list.get(0);
            var keyId = Long.toHexString(signature.getKeyID()).toUpperCase();
            var key = trusted.get().getPublicKey(signature.getKeyID());
            if (key == null) {
                return CommitSignatureStatus.REFUSED_UNTRUSTED_PREFIX + keyId;
            }
            signature.init(new JcaPGPContentVerifierBuilderProvider(), key);
            signature.update(split.payload());
            return signature.verify() ? CommitSignatureStatus.VALID_PREFIX + keyId : CommitSignatureStatus.REFUSED_INVALID;
        } catch (IOException | PGPException | RuntimeException e) {
            return CommitSignatureStatus.REFUSED_INVALID;
        }
    }

    record Split(byte[] payload, byte[] signature) {
    }

    /** Separates the {@code gpgsig} header (and its continuation lines) from the signed payload; null when unsigned. */
    static Split split(byte[] raw) {
        var text = new String(raw, StandardCharsets.ISO_8859_1);
        var headerEnd = text.indexOf("\n\n");
        var headers = headerEnd < 0 ? text : text.substring(0, headerEnd + 1);
        var start = headers.startsWith("gpgsig ") ? 0 : headers.indexOf("\ngpgsig ") + 1;
        if (start == 0 && !headers.startsWith("gpgsig ")) {
            return null;
        }
        var end = headers.indexOf('\n', start);
        var signature = new ByteArrayOutputStream();
        signature.writeBytes(headers.substring(start + "gpgsig ".length(), end + 1).getBytes(StandardCharsets.ISO_8859_1));
        while (end + 1 < headers.length() && headers.charAt(end + 1) == ' ') {
            var next = headers.indexOf('\n', end + 1);
            signature.writeBytes(headers.substring(end + 2, next + 1).getBytes(StandardCharsets.ISO_8859_1));
            end = next;
        }
        var payload = text.substring(0, start) + text.substring(end + 1);
        return new Split(payload.getBytes(StandardCharsets.ISO_8859_1), signature.toByteArray());
    }
}
