package org.yibao.terminal.receipt;

import org.yibao.terminal.domain.catalog.ChargeLevel;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One purchased item as the receipt shows it: name, 甲/乙/丙 level, quantity and the line
 * amount in fen (det_item_fee_sumamt; negative on a reversal).
 */
public record ReceiptLine(String name, ChargeLevel level, BigDecimal quantity, long amountFen) {
    public ReceiptLine {
        name = name == null ? "" : name.strip();
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(quantity, "quantity");
    }
}
