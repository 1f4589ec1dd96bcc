package org.yibao.terminal.receipt.cli;

import org.yibao.drivers.printer.PrinterConfig;
import org.yibao.drivers.printer.PrinterStatus;
import org.yibao.drivers.printer.Printers;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.terminal.receipt.PrinterReason;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code terminal printer status}: asks the printer; exit 0 when ready, 3 otherwise. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"查询打印机状态（退出码 0 就绪，3 未就绪）。", "Ask the printer for its state (exit 0 ready, 3 not ready)."})
public final class PrinterStatusCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin PrinterTargetMixin target;

    @Override
    public Integer call() {
        PrinterConfig config = target.options.config(spec.commandLine());
        try (ReceiptPrinter printer = Printers.open(config)) {
            ReceiptPrinter.StatusAnswer answer = printer.statusWithDetail();
            PrinterStatus status = answer.status();
            // the reason names the printer asked and why, as a failed print's does
            String why = answer.detail().isEmpty() ? config.transport().toString() : answer.detail();
            String reason = PrinterReason.of(status).map(r -> r.code() + " " + r.message() + "：" + why).orElse("");
            spec.commandLine().getOut().println(status + " " + status.message() + (reason.isEmpty() ? "" : "\n" + reason));
            return status == PrinterStatus.READY ? 0 : PrinterCommand.NOT_PRINTED;
        }
    }
}
