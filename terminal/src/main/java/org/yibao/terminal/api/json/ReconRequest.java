package org.yibao.terminal.api.json;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A parsed 3201 request ({@code input.data}): the period, the insutype and clr_type asked for (""
 * for all), the host's totals in fen (net: they may be negative when reversals are included) and
 * its count of entries, and whether reversals count (refd_setl_flag 1 or empty).
 */
public record ReconRequest(String insutype, String clrType, String setlOptins, LocalDate begin, LocalDate end,
                           long medfeeSumamt, long fundPaySumamt, long acctPay, long count, boolean withReversals) {
    public ReconRequest {
        insutype = Objects.requireNonNullElse(insutype, "");
        clrType = Objects.requireNonNullElse(clrType, "");
        setlOptins = Objects.requireNonNullElse(setlOptins, "");
        Objects.requireNonNull(begin, "begin");
        Objects.requireNonNull(end, "end");
        if (count < 0) throw new IllegalArgumentException("count must not be negative: " + count);
    }
}
