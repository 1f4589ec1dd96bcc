package org.yibao.terminal.identity.voucher;

import java.time.Instant;
import java.util.Optional;
import org.yibao.terminal.domain.Refusal;

/**
 * Turns the text of a scanned e-voucher QR code into a verified voucher or a refusal. The
 * open YBEC1 format is {@link Ybec1Verifier}; a vendor's decoder of the national e-voucher
 * can implement this beside it, and the identify flow asks each whether it
 * {@link #recognizes} the text. Implementations never throw for any input text, never read
 * a clock (the caller passes {@code now}) and audit every outcome.
 */
public interface VoucherDecoder {
    /** True when {@code qrText} looks like this decoder's format (a cheap prefix test). */
    boolean recognizes(String qrText);

    /** Verifies {@code qrText} at {@code now}. */
    VoucherOutcome decode(String qrText, Instant now);

    /**
     * Whether a voucher this decoder accepted earlier, with {@code ecToken} of the person
     * {@code psnNo}, has been revoked since (spec step 5, asked again when a request uses the
     * voucher: a settlement naming it after the scan that identified the person). Empty when it
     * has not, or when this decoder keeps no revocations.
     */
    default Optional<Refusal> revokedSince(String ecToken, String psnNo) {
        return Optional.empty();
    }
}
