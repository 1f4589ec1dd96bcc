package org.yibao.terminal.domain.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One row of the national catalogue (spec/policy-and-catalog.md). Ratios are exact decimals
 * (at most 4 places); {@code priceCap} is yuan per unit, null when there is none;
 * {@code endDate} null means open.
 */
public record CatalogEntry(
        String code, String name, String listType, ChargeLevel level, String chrgitmType,
        BigDecimal selfpayProp310, BigDecimal selfpayProp390, BigDecimal priceCap,
        boolean restrictedUse, LocalDate beginDate, LocalDate endDate, String version) {

    public CatalogEntry {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(selfpayProp310, "selfpayProp310");
        Objects.requireNonNull(selfpayProp390, "selfpayProp390");
        Objects.requireNonNull(beginDate, "beginDate");
    }

    /** True when the row is valid on {@code date} (begndate <= date <= enddate). */
    public boolean validOn(LocalDate date) {
        return !date.isBefore(beginDate) && (endDate == null || !date.isAfter(endDate));
    }
}
