package org.yibao.terminal.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.yibao.terminal.identity.trust.KeyAlg;
import org.yibao.terminal.identity.voucher.ReferenceSigningKey;
import org.yibao.terminal.identity.voucher.ReferenceVoucherIssuer;
import org.yibao.terminal.identity.voucher.VoucherPayload;
import org.yibao.terminal.privacy.Masking;

/**
 * The demo's stand-in for the national platform that issues 医保电子凭证: an SM2 key made when
 * the demo starts (kept in memory only, never written, so no private key is ever committed or
 * left on disk), the trust file naming its public key for the demo terminal, and YBEC1
 * vouchers for the demo persons, each with a fresh nonce and a two-minute life.
 */
public final class DemoVoucherPlatform {
    public static final String KID = "demo-platform-1";
    public static final String TRUST_FILE = "voucher-trust.json";
    private static final long TTL_S = 120;

    private final SecureRandom random = new SecureRandom();
    private final ReferenceSigningKey key = ReferenceSigningKey.generate(KeyAlg.SM2, random);
    private final ReferenceVoucherIssuer issuer = new ReferenceVoucherIssuer(key, KID);

    /** Writes the trust file (this platform's key, valid from now for a day) into {@code dir} and returns its path. */
    public Path writeTrust(Path dir, Instant now) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode().put("version", now.toString());
        root.putArray("keys").addObject().put("kid", KID).put("alg", key.alg().name()).put("public_key_pem", key.publicPem())
                .put("not_before", now.getEpochSecond() - 60).put("not_after", now.getEpochSecond() + 86_400);
        ObjectNode revoked = root.putObject("revoked");
        revoked.putArray("ec_tokens");
        revoked.putArray("psn_nos");
        Path file = Files.createDirectories(dir).resolve(TRUST_FILE);
        Files.writeString(file, json.writeValueAsString(root), StandardCharsets.UTF_8);
        return file;
    }

    /** The QR text of a 药店购药 (02121) voucher for the person, issued at {@code now}. */
    public String issue(String psnNo, String name, String certno, String admdvs, String insutype, String psnType,
                        Instant now) {
        long iat = now.getEpochSecond();
        return issuer.issue(new VoucherPayload(VoucherPayload.VERSION, randomText(36), psnNo, Masking.name(name), "01",
                certno.substring(certno.length() - 4), admdvs, insutype, psnType, "02121", iat, iat + TTL_S, randomText(18)));
    }

    /** {@code bytes} random bytes as base64url: 36 give a 48-character ecToken, 18 a 24-character nonce. */
    private String randomText(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
