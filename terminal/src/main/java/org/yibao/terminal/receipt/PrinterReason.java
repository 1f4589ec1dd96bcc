package org.yibao.terminal.receipt;

import org.yibao.drivers.printer.PrintResult;
import org.yibao.drivers.printer.PrinterStatus;
import org.yibao.terminal.domain.ReasonCode;

import java.util.Optional;

/**
 * Why a receipt did not print (codes 1801-1803 of the device range). These are warnings, not
 * refusals: the settlement stands and the receipt waits for a reprint, so a flow puts the
 * message in {@code warn_msg}. Messages tell the cashier what to do.
 */
public enum PrinterReason implements ReasonCode {
    OFFLINE("1801", "打印机未连接或离线，小票未打印，请检查打印机后补打"),
    PAPER_OUT("1802", "打印机缺纸，小票未打印，请装纸后补打"),
    FAULT("1803", "打印机故障（开盖或切刀异常），小票未打印，请处理后补打");

    private final String code;
    private final String message;

    PrinterReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String message() {
        return message;
    }

    /** The reason for a printer status; empty when the printer is ready. */
    public static Optional<PrinterReason> of(PrinterStatus status) {
        return switch (status) {
            case READY -> Optional.empty();
            case OFFLINE -> Optional.of(OFFLINE);
            case PAPER_OUT -> Optional.of(PAPER_OUT);
            case ERROR -> Optional.of(FAULT);
        };
    }

    /** The reason a print failed; empty when it printed. */
    public static Optional<PrinterReason> of(PrintResult result) {
        return switch (result) {
            case PrintResult.Printed p -> Optional.empty();
            case PrintResult.NotPrinted n -> of(n.status());
        };
    }
}
