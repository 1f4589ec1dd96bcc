package org.yibao.terminal.domain.settlement;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import org.yibao.terminal.domain.catalog.CatalogEntry;

/**
 * One line split into its parts (fen): fulamt_ownpay_amt + overlmt_amt + preselfpay_amt +
 * inscp_scp_amt = the line amount, always. {@code selfpayProp} is the ratio shown in
 * detlcutinfo (0 for 甲类, the catalogue's for 乙类, 1 for full own pay).
 */
public record LineSplit(PurchaseLine line, LineKind kind, String nationalCode,
                        Optional<CatalogEntry> entry, BigDecimal selfpayProp, long fulamtOwnpay,
                        long overlmt, long preselfpay, long inscp, Optional<String> warning) {
    public LineSplit {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(kind, "kind");
        nationalCode = Objects.requireNonNullElse(nationalCode, "");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(selfpayProp, "selfpayProp");
        Objects.requireNonNull(warning, "warning");
        if (fulamtOwnpay < 0 || overlmt < 0 || preselfpay < 0 || inscp < 0
                || fulamtOwnpay + overlmt + preselfpay + inscp != line.amount()) {
            throw new IllegalStateException("line parts do not add up for " + line.feedetlSn());
        }
    }
}
