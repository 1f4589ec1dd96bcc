package org.yibao.terminal.identity.voucher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.terminal.domain.Refusal;

/**
 * The audit trail of voucher verification: one line per outcome on the logger
 * {@value #LOGGER}, with the code, the masked ecToken and the key id; never an unmasked
 * token or name.
 */
final class VoucherAudit {
    static final String LOGGER = "org.yibao.terminal.audit.voucher";
    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);

    private VoucherAudit() {
    }

    static VoucherOutcome accepted(VerifiedVoucher voucher) {
        AUDIT.info("voucher accepted code=0000 ec_token={} psn_no={} biz={} kid={}",
                voucher.maskedEcToken(), voucher.psnNo(), voucher.biz(), voucher.kid());
        return new VoucherOutcome.Accepted(voucher);
    }

    static VoucherOutcome refused(Refusal refusal, VoucherPayload payload, String kid) {
        String token = payload == null ? "-" : PersonalDataMask.token(payload.ecToken());
        AUDIT.warn("voucher refused code={} ec_token={} kid={} detail={}",
                refusal.reason().code(), token, kid == null ? "-" : kid, refusal.detail());
        return new VoucherOutcome.Refused(refusal);
    }
}
