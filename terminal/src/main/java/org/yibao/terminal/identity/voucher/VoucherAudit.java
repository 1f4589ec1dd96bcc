package org.yibao.terminal.identity.voucher;

import org.yibao.terminal.privacy.Masking;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.terminal.domain.Refusal;

/**
 * The audit trail of voucher verification: one line per outcome on the logger
 * {@value #LOGGER}, with the code, the masked ecToken (and, when accepted, the masked
 * 人员编号) and the key id; never an unmasked token, 人员编号 or name.
 */
final class VoucherAudit {
    static final String LOGGER = "org.yibao.terminal.audit.voucher";
    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);

    private VoucherAudit() {
    }

    static VoucherOutcome accepted(VerifiedVoucher voucher) {
        AUDIT.info("voucher accepted code=0000 ec_token={} psn_no={} biz={} kid={}",
                voucher.maskedEcToken(), Masking.number(voucher.psnNo()), voucher.biz(), voucher.kid());
        return new VoucherOutcome.Accepted(voucher);
    }

    static VoucherOutcome refused(Refusal refusal, VoucherPayload payload, String kid) {
        String token = payload == null || payload.ecToken() == null || payload.ecToken().isEmpty()
                ? "-" : Masking.number(payload.ecToken());
        AUDIT.warn("voucher refused code={} ec_token={} kid={} detail={}",
                refusal.reason().code(), printable(token), kid == null ? "-" : printable(kid), refusal.detail());
        return new VoucherOutcome.Refused(refusal);
    }

    /** A voucher verified at a scan and revoked since, refused when a request uses it (spec step 5 asked again). */
    static Refusal revokedSinceScan(Refusal refusal, String ecToken) {
        AUDIT.warn("voucher refused code={} ec_token={} kid=- detail=revoked since its scan", refusal.reason().code(),
                ecToken.isEmpty() ? "-" : printable(Masking.number(ecToken)));
        return refusal;
    }

    /**
     * The text with anything but visible ASCII replaced by '?': a refused voucher's token and
     * kid are unverified input and must not forge or split audit lines.
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c > 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }
}
