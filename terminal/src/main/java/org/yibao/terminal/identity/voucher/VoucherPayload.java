package org.yibao.terminal.identity.voucher;

import org.yibao.terminal.privacy.Masking;

/**
 * The payload of a YBEC1 voucher, field for field as in spec evoucher-and-card.md §1 (times
 * in Unix seconds). Parsing guarantees presence and JSON types; {@link PayloadRules} the
 * formats. {@link #toString()} masks the ecToken and the 人员编号, and leaves the name out.
 */
public record VoucherPayload(int ver, String ecToken, String psnNo, String psnName, String psnCertType,
                             String certnoTail, String insuplcAdmdvs, String insutype, String psnType,
                             String biz, long iat, long exp, String nonce) {
    /** The only payload version this verifier reads. */
    public static final int VERSION = 1;

    @Override public String toString() {
        return "VoucherPayload[ec_token=" + Masking.number(ecToken) + ", psn_no=" + Masking.number(psnNo)
                + ", biz=" + biz + ", iat=" + iat + ", exp=" + exp + ", nonce=" + nonce + "]";
    }
}
