package org.yibao.terminal.identity.voucher;

import org.yibao.terminal.identity.trust.KeyAlg;

/** The header of a YBEC1 voucher: {@code {"alg":"SM2"|"ES256","kid":"...","typ":"YBEC"}}. */
public record VoucherHeader(KeyAlg alg, String kid) {
    /** The only {@code typ} this verifier reads. */
    public static final String TYP = "YBEC";
}
