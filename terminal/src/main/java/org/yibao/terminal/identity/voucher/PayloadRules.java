package org.yibao.terminal.identity.voucher;

import org.yibao.terminal.domain.Refusal;

import java.util.Optional;
import java.util.Set;

/**
 * The payload's fields (spec §1). {@link #format}, step 1 (well formed): ec_token 40..64 and nonce
 * 16..32 visible ASCII characters, biz five digits, a 6-digit area code, a 4-character
 * certno_tail, times between 1970 and 9999. {@link #use}, once the signature has verified: biz one
 * of 01101 挂号 / 01301 结算 / 02121 药店购药, so a field no one vouched for never decides the
 * answer to a forged voucher. Pure: no clock, no I/O.
 */
final class PayloadRules {
    /** The use codes of spec §1. */
    static final Set<String> BIZ_CODES = Set.of("01101", "01301", "02121");
    /** 9999-12-31T23:59:59Z: keeps every time sum far from overflow. */
    static final long MAX_EPOCH = 253_402_300_799L;

    private PayloadRules() {
    }

    /** Step 1: every field in its form (1509 naming the first that is not). */
    static Optional<Refusal> format(VoucherPayload p) {
        String bad = firstBadField(p);
        return bad == null ? Optional.empty() : Optional.of(new Refusal(VoucherReason.BAD_FIELD, bad));
    }

    /** After the signature: a use code this terminal serves (1510). */
    static Optional<Refusal> use(VoucherPayload p) {
        if (!BIZ_CODES.contains(p.biz())) {
            return Optional.of(new Refusal(VoucherReason.UNSUPPORTED_BIZ, "biz 须为 " + String.join("、", BIZ_CODES.stream().sorted().toList())));
        }
        return Optional.empty();
    }

    private static String firstBadField(VoucherPayload p) {
        if (!visibleAscii(p.ecToken(), 40, 64)) {
            return "ec_token";
        }
        if (!visibleAscii(p.psnNo(), 1, 64)) {
            return "psn_no";
        }
        if (!name(p.psnName())) {
            return "psn_name";
        }
        if (!alnum(p.psnCertType(), 1, 8)) {
            return "psn_cert_type";
        }
        if (!alnum(p.certnoTail(), 4, 4)) {
            return "certno_tail";
        }
        return firstBadTail(p);
    }

    private static String firstBadTail(VoucherPayload p) {
        if (p.insuplcAdmdvs().length() != 6 || !p.insuplcAdmdvs().chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "insuplc_admdvs";
        }
        if (!alnum(p.insutype(), 1, 8)) {
            return "insutype";
        }
        if (!alnum(p.psnType(), 1, 8)) {
            return "psn_type";
        }
        if (p.biz().length() != 5 || !p.biz().chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "biz";
        }
        if (p.iat() < 0 || p.iat() > MAX_EPOCH) {
            return "iat";
        }
        if (p.exp() < 0 || p.exp() > MAX_EPOCH) {
            return "exp";
        }
        return visibleAscii(p.nonce(), 16, 32) ? null : "nonce";
    }

    private static boolean visibleAscii(String s, int min, int max) {
        return s.length() >= min && s.length() <= max && s.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }

    private static boolean alnum(String s, int min, int max) {
        return s.length() >= min && s.length() <= max
                && s.chars().allMatch(c -> c < 0x80 && Character.isLetterOrDigit(c));
    }

    private static boolean name(String s) {
        int count = s.codePointCount(0, s.length());
        return count >= 1 && count <= 32 && s.codePoints().noneMatch(Character::isISOControl);
    }
}
