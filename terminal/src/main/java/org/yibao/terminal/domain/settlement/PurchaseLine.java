package org.yibao.terminal.domain.settlement;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of a purchase (drugdetail): its serial, national and local codes, the amount in fen
 * and the exact unit price and count. The amount must equal round(pric × cnt), which the
 * settlement checks.
 */
public record PurchaseLine(String feedetlSn, String medListCodg, String medinsListCodg,
                           long amount, BigDecimal pric, BigDecimal cnt) {
    public PurchaseLine {
        Objects.requireNonNull(feedetlSn, "feedetlSn");
        medListCodg = Objects.requireNonNullElse(medListCodg, "");
        medinsListCodg = Objects.requireNonNullElse(medinsListCodg, "");
        Objects.requireNonNull(pric, "pric");
        Objects.requireNonNull(cnt, "cnt");
        if (amount < 0 || pric.signum() < 0 || cnt.signum() < 0) {
            throw new IllegalArgumentException("negative line value in " + feedetlSn);
        }
    }
}
