package org.yibao.provisioning.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;

/** The centre's update signing key (the provisioning root's, or a dedicated update key). */
public record UpdateSigner(PrivateKey key, KeyAlgorithm algorithm) {

    /** Reads a PKCS#8 PEM private key (EC P-256 or SM2, told apart by its curve). */
    public static UpdateSigner load(Path pemFile) throws IOException {
        PrivateKey key = Pem.privateKey(Files.readString(pemFile));
        if (!(key instanceof java.security.interfaces.ECPrivateKey ec)) throw new IOException("not an EC/SM2 private key");
        String prime = ((java.security.spec.ECFieldFp) ec.getParams().getCurve().getField()).getP().toString(16);
        return new UpdateSigner(key, prime.startsWith("fffffffe") ? KeyAlgorithm.SM2 : KeyAlgorithm.EC);
    }

    public byte[] sign(Update update) {
        return UpdateEnvelope.sign(update, key, algorithm);
    }
}
