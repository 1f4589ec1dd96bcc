package org.yibao.terminal.store.receipt;

import java.util.Objects;
import org.yibao.terminal.receipt.Receipt;

/** A receipt kept for reprint: the receipt, and whether it ever reached the printer. */
public record KeptReceipt(String setlId, Receipt receipt, boolean printed) {
    public KeptReceipt {
        Objects.requireNonNull(setlId, "setlId");
        Objects.requireNonNull(receipt, "receipt");
    }
}
