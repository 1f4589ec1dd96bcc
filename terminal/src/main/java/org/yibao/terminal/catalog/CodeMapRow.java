package org.yibao.terminal.catalog;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One 对照 line: the institution's own code (fixmedins_hilist_id) mapped to a national code
 * from {@code beginDate} to {@code endDate} inclusive ({@code endDate} null = open).
 */
public record CodeMapRow(String localCode, String localName, String listType, String nationalCode,
                         LocalDate beginDate, LocalDate endDate) {
    public CodeMapRow {
        Objects.requireNonNull(localCode, "localCode");
        Objects.requireNonNull(nationalCode, "nationalCode");
        Objects.requireNonNull(beginDate, "beginDate");
    }

    /** True when the mapping holds on {@code date}. */
    public boolean validOn(LocalDate date) {
        return !date.isBefore(beginDate) && (endDate == null || !date.isAfter(endDate));
    }
}
