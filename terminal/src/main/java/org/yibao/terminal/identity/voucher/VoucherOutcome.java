package org.yibao.terminal.identity.voucher;

import org.yibao.terminal.domain.Refusal;

import java.util.Objects;

/** What a {@link VoucherDecoder} concluded: a verified voucher, or a refusal with its code. */
public sealed interface VoucherOutcome {
    /** The voucher is good; its nonce is now recorded as used. */
    record Accepted(VerifiedVoucher voucher) implements VoucherOutcome {
        public Accepted {
            Objects.requireNonNull(voucher, "voucher");
        }
    }

    /** The voucher is refused; {@code refusal.reason()} is a 15xx code. */
    record Refused(Refusal refusal) implements VoucherOutcome {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }
}
