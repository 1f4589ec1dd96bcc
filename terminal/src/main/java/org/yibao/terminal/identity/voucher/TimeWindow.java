package org.yibao.terminal.identity.voucher;

import java.time.Instant;
import java.util.Optional;

/**
 * The time rules of spec §1, given the time: exp - iat within [0, 300] s, now <= exp + skew,
 * iat - skew <= now, compared to the instant (exp + skew is the last accepted instant, so a
 * millisecond after it is expired). Pure: the caller passes {@code now}; nothing here reads a clock.
 */
final class TimeWindow {
    /** The longest life a voucher may have, in seconds. */
    static final long MAX_LIFETIME_S = 300;

    private TimeWindow() {
    }

    /** The reason the voucher is outside its window at {@code now}; empty when inside. */
    static Optional<VoucherReason> check(long iat, long exp, Instant now, long skewS) {
        if (exp < iat || exp - iat > MAX_LIFETIME_S) {
            return Optional.of(VoucherReason.LIFETIME_TOO_LONG);
        }
        if (now.isAfter(Instant.ofEpochSecond(exp + skewS))) {
            return Optional.of(VoucherReason.EXPIRED);
        }
        if (Instant.ofEpochSecond(iat - skewS).isAfter(now)) {
            return Optional.of(VoucherReason.ISSUED_IN_FUTURE);
        }
        return Optional.empty();
    }
}
