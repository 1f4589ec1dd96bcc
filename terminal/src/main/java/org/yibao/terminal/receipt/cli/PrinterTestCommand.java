package org.yibao.terminal.receipt.cli;

import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.PrintResult;
import org.yibao.drivers.printer.PrinterConfig;
import org.yibao.drivers.printer.Printers;
import org.yibao.drivers.printer.ReceiptDocument;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.receipt.PrinterReason;
import org.yibao.terminal.receipt.ReceiptFormatter;
import org.yibao.terminal.receipt.SampleReceipt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code terminal printer test}: prints a test receipt (made-up data, marked 打印测试). With
 * {@code --simulated} the decoded receipt goes to stdout instead, to check the layout.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"打印一张测试小票（退出码 0 已打印，3 未打印）；--simulated 显示解读后的小票。",
                "Print a test receipt (exit 0 printed, 3 not printed); --simulated shows it decoded."})
public final class PrinterTestCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin PrinterTargetMixin target;

    @Option(names = "--device-id", paramLabel = "ID", defaultValue = "TEST", description = "device id printed on the receipt")
    String deviceId;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        PrinterConfig config = target.options.config(cmd);
        PaperWidth paper = config.paper();
        ReceiptDocument doc = ReceiptFormatter.layout(SampleReceipt.create(BeijingTime.now().withNano(0), deviceId), paper);
        PrintWriter out = cmd.getOut();
        try (ReceiptPrinter printer = Printers.open(config)) {
            PrintResult result = printer.print(doc);
            if (result instanceof PrintResult.NotPrinted n) {
                PrinterReason reason = PrinterReason.of(n.status()).orElseThrow();
                cmd.getErr().println(reason.code() + " " + new Refusal(reason, n.detail()).errMsg());
                return PrinterCommand.NOT_PRINTED;
            }
            if (printer instanceof SimulatedPrinter sim) {
                out.print(EscPosDecoder.decode(sim.lastPrinted()).transcript());
            }
            out.println("已打印测试页：" + config.transport() + "（" + ((PrintResult.Printed) result).bytes() + " 字节）");
            return 0;
        }
    }
}
