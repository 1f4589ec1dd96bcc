package org.yibao.provisioning.update;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code PUBLIC_KEY_DER ENVELOPE|ANSWER FILE}: verifies a pushed envelope, or each envelope of a
 * catch-up answer, in a JVM of its own (a small heap) as device T01 of 371502; prints each verified
 * update's id, content length and SHA-256, and exits 1 at a refusal.
 */
public final class VerifyLargeMain {
    private VerifyLargeMain() {
    }

    public static void main(String[] args) throws Exception {
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Files.readAllBytes(Path.of(args[0]))));
        UpdateVerifier verifier = new UpdateVerifier(List.of(key), "T01", "371502");
        byte[] input = Files.readAllBytes(Path.of(args[2]));
        List<CatchUp.Envelope> envelopes = args[1].equals("answer") ? CatchUp.Received.read(input).updates()
                : List.of(new CatchUp.Envelope(input, 0, input.length));
        input = null; // only the envelopes' own reference keeps a pushed message
        for (CatchUp.Envelope e : envelopes) {
            switch (verifier.verify(e.bytes(), e.offset(), e.length())) {
                case UpdateVerdict.Verified v -> {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    sha.update(v.update().openContent().readAllBytes());
                    System.out.println(v.update().updateId() + " " + v.update().contentLength() + " " + HexFormat.of().formatHex(sha.digest()));
                }
                case UpdateVerdict.Refused r -> {
                    System.out.println("refused " + r.reason() + " " + r.detail());
                    System.exit(1);
                }
            }
        }
    }
}
