package org.yibao.terminal.identity.voucher;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * FOR TESTING AND THE REFERENCE CENTRE ONLY: makes YBEC1 QR texts, signed with a
 * {@link ReferenceSigningKey}. {@link #signRaw} signs any header and payload bytes, so tests
 * can make vouchers a real centre never would (wrong types, unknown versions).
 */
public final class ReferenceVoucherIssuer {
    private final ReferenceSigningKey key;
    private final String kid;

    public ReferenceVoucherIssuer(ReferenceSigningKey key, String kid) {
        this.key = Objects.requireNonNull(key, "key");
        this.kid = Objects.requireNonNull(kid, "kid");
    }

    /** The QR text of {@code payload}, with the header naming this key. */
    public String issue(VoucherPayload payload) {
        return signRaw(VoucherJson.write(new VoucherHeader(key.alg(), kid)), VoucherJson.write(payload));
    }

    /** {@code YBEC1.<header>.<payload>.<signature>} over exactly these JSON bytes. */
    public String signRaw(byte[] headerJson, byte[] payloadJson) {
        String signed = Ybec1Text.PREFIX + Base64Url.encode(headerJson) + "." + Base64Url.encode(payloadJson);
        byte[] signature = key.sign(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + Base64Url.encode(signature);
    }

    /** Convenience for {@link #signRaw(byte[], byte[])} with UTF-8 JSON text. */
    public String signRaw(String headerJson, String payloadJson) {
        return signRaw(headerJson.getBytes(StandardCharsets.UTF_8), payloadJson.getBytes(StandardCharsets.UTF_8));
    }
}
