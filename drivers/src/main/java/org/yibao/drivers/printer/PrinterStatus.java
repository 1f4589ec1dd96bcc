package org.yibao.drivers.printer;

/**
 * What a receipt printer reports when asked. Every state but {@link #READY} means a receipt
 * cannot be printed now; the caller keeps the receipt for a reprint and never undoes the
 * business record it belongs to.
 */
public enum PrinterStatus {
    /** Online, paper present, no error: a receipt can be printed. */
    READY("打印机就绪"),
    /** Unreachable (no connection, no answer within the timeout, the link failed or dropped) or reporting offline. */
    OFFLINE("打印机未连接或离线"),
    /** The paper roll is out (the paper-end sensor is set). */
    PAPER_OUT("打印机缺纸"),
    /** Cover open, cutter error, or an answer that is not a status byte. */
    ERROR("打印机故障");

    private final String message;

    PrinterStatus(String message) {
        this.message = message;
    }

    /** A Chinese message fit to show a cashier. */
    public String message() {
        return message;
    }
}
