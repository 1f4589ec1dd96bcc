package org.yibao.terminal.identity.voucher;

import org.yibao.terminal.privacy.Masking;

import java.util.Objects;

/**
 * A voucher that passed every check of spec §1: signed by a trusted key valid at the time,
 * inside its time window, not revoked, never accepted before. {@code ecToken} becomes
 * mdtrt_cert_no; the name is already masked. {@link #toString()} masks the ecToken and the 人员编号.
 */
public record VerifiedVoucher(String ecToken, String psnNo, String maskedName, String psnCertType,
                              String certnoTail, String insuplcAdmdvs, String insutype, String psnType,
                              String biz, long iat, long exp, String kid) {
    public VerifiedVoucher {
        Objects.requireNonNull(ecToken, "ecToken");
        Objects.requireNonNull(psnNo, "psnNo");
    }

    static VerifiedVoucher of(VoucherPayload p, String kid) {
        return new VerifiedVoucher(p.ecToken(), p.psnNo(), Masking.name(p.psnName()), p.psnCertType(),
                p.certnoTail(), p.insuplcAdmdvs(), p.insutype(), p.psnType(), p.biz(), p.iat(), p.exp(), kid);
    }

    /** The ecToken masked for display and logs. */
    public String maskedEcToken() {
        return Masking.number(ecToken);
    }

    @Override public String toString() {
        return "VerifiedVoucher[ec_token=" + maskedEcToken() + ", psn_no=" + Masking.number(psnNo) + ", name=" + maskedName
                + ", admdvs=" + insuplcAdmdvs + ", biz=" + biz + ", exp=" + exp + ", kid=" + kid + "]";
    }
}
