package org.yibao.terminal.domain.settlement;

import java.util.Objects;
import java.util.OptionalLong;
import org.yibao.terminal.domain.policy.FundPayType;

/**
 * One setldetail row (a non-zero payment by one fund), amounts in fen. {@code crtPaybLmtAmt}
 * is empty when the fund has no limit (no annual cap).
 */
public record FundDetail(FundPayType fundPayType, long inscpScpAmt, OptionalLong crtPaybLmtAmt,
                         long fundPayamt, String setlProcInfo) {
    public FundDetail {
        Objects.requireNonNull(fundPayType, "fundPayType");
        Objects.requireNonNull(crtPaybLmtAmt, "crtPaybLmtAmt");
        setlProcInfo = Objects.requireNonNullElse(setlProcInfo, "");
        if (fundPayamt <= 0) throw new IllegalArgumentException("setldetail rows are non-zero payments");
    }
}
