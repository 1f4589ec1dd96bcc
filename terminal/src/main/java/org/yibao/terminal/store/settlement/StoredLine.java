package org.yibao.terminal.store.settlement;

import java.math.BigDecimal;
import java.util.Objects;
import org.yibao.terminal.domain.catalog.ChargeLevel;

/**
 * One line of a stored settlement, as much as a receipt needs: the national code (empty when the
 * line was neither in the catalogue nor mapped), the institution's own code, quantity, amount in
 * fen and the 甲/乙/丙 class it was priced as.
 */
public record StoredLine(String medListCodg, String medinsListCodg, BigDecimal cnt, long amountFen, ChargeLevel level) {
    public StoredLine {
        medListCodg = Objects.requireNonNullElse(medListCodg, "");
        medinsListCodg = Objects.requireNonNullElse(medinsListCodg, "");
        Objects.requireNonNull(cnt, "cnt");
        Objects.requireNonNull(level, "level");
    }

    /** The level of a stored chrgitm_lv; one the terminal never writes is 丙, so a receipt is still made. */
    static ChargeLevel level(String chrgitmLv) {
        for (ChargeLevel l : ChargeLevel.values()) {
            if (l.code().equals(chrgitmLv)) return l;
        }
        return ChargeLevel.C;
    }
}
