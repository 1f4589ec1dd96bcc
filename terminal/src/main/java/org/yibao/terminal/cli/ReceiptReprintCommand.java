package org.yibao.terminal.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.drivers.printer.PaperWidth;
import org.yibao.drivers.printer.PrintResult;
import org.yibao.drivers.printer.PrinterConfig;
import org.yibao.drivers.printer.Printers;
import org.yibao.drivers.printer.ReceiptPrinter;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.db.QuarantinedDatabaseException;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.bundle.BundleChecks;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.devices.DeviceFactory;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.flow.FlowReason;
import org.yibao.terminal.flow.settle.ReceiptDesk;
import org.yibao.terminal.receipt.PrinterReason;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.receipt.ReceiptFormatter;
import org.yibao.terminal.receipt.cli.PrinterTargetMixin;
import org.yibao.terminal.store.DatabaseFileReason;
import org.yibao.terminal.store.receipt.ClaimUploads;
import org.yibao.terminal.store.receipt.KeptReceipt;
import org.yibao.terminal.store.receipt.ReceiptStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code terminal receipt reprint SETL_ID --data-dir DIR [--simulated|--tcp|--serial|--usb]}:
 * prints the kept receipt of a settlement again, marked 重打 (the reversal's when it was
 * reversed, unless {@code --kind settlement} asks for the purchase's). Personal data on it is masked as on every receipt. Exit 0 printed, 2 refused: no
 * receipt kept for that setl_id (1360, as the API's {@code term_receipt_reprint} answers; 1364
 * when the settlement never had one of the {@code --kind} asked for; 1380 when its receipt was
 * deleted after {@code retention.receipt_days}, the settlement still stored) or no
 * {@code terminal.db} in the folder (1960, nothing created), 3 not
 * printed (the printer's 18xx reason); both printed as {@link CliRefusal} does. Without a printer
 * option it prints on the printer the data folder's provisioned configuration names (issue: "the
 * printer port ... by configuration"), else on the simulated printer, as {@code terminal run} does then.
 */
@Command(name = "reprint", mixinStandardHelpOptions = true,
        description = {"重打本机保存的小票（退出码 0 已打印；2 无此 setl_id（1360）、无该类小票（1364）或小票已过保存期被清理（1380）；3 未打印（18xx））。",
                "Print a kept receipt again (exit 0 printed, 2 unknown setl_id (1360), no receipt of that kind (1364) or deleted after receipt_days (1380), 3 not printed (18xx))."})
public final class ReceiptReprintCommand implements Callable<Integer> {
    static final int NOT_PRINTED = 3;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SETL_ID", description = "the settlement's setl_id")
    String setlId;

    @Option(names = "--data-dir", defaultValue = "./data", paramLabel = "DIR",
            description = "the terminal's data folder (holds terminal.db; default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "settlement or reversal (default: the latest, the reversal's once reversed)")
    Receipt.Kind kind;

    @CommandLine.Mixin PrinterTargetMixin.IfGiven printer;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        Optional<PrinterConfig> given = printer.config(cmd);
        Path file = dataDir.resolve("terminal.db");
        if (!Files.isRegularFile(file)) {
            List<Path> quarantined = SqliteDatabase.quarantinedCopies(file);
            if (!quarantined.isEmpty()) throw new QuarantinedDatabaseException(file.toAbsolutePath(), quarantined);
            return CliRefusal.print(cmd, new Refusal(DatabaseFileReason.NO_DATABASE, file.toString()));
        }
        try (SqliteDatabase db = SqliteDatabase.open(file, BeijingTime.clock())) {
            ReceiptStore store = ReceiptStore.open(db, BeijingTime.clock());
            Optional<KeptReceipt> kept = store.kept(setlId, Optional.ofNullable(kind), true);
            if (kept.isEmpty()) {
                FlowReason why = ReceiptDesk.whyNotKept(store, ClaimUploads.in(db), setlId, Optional.ofNullable(kind));
                return CliRefusal.print(cmd, new Refusal(why, setlId));
            }
            PrinterConfig config;
            try {
                config = given.isPresent() ? given.get() : configured(dataDir);
            } catch (IllegalArgumentException e) {
                return CliRefusal.print(cmd, PrinterReason.OFFLINE.code(), PrinterReason.OFFLINE.message() + "：" + e.getMessage(), NOT_PRINTED);
            }
            Receipt receipt = ClaimUploads.in(db).asNow(kept.get().receipt());
            return print(cmd, config, store, receipt);
        }
    }

    /** The printer the provisioned configuration in {@code dataDir} names, else the simulated one (58 mm). */
    private static PrinterConfig configured(Path dataDir) throws IOException {
        Optional<DeviceConfig> provisioned = new BundleApplier(dataDir, BundleChecks.STRUCTURAL).currentConfig();
        return provisioned.isPresent() ? DeviceFactory.printerConfig(provisioned.get().devices().printer())
                : PrinterConfig.of(new PrinterConfig.Simulated(), PaperWidth.MM58);
    }

    private int print(CommandLine cmd, PrinterConfig config, ReceiptStore store, Receipt receipt) throws Exception {
        PrintWriter out = cmd.getOut();
        try (ReceiptPrinter printer = Printers.open(config)) {
            PrintResult result = printer.print(ReceiptFormatter.layout(receipt, config.paper()));
            if (result instanceof PrintResult.NotPrinted n) {
                Refusal refusal = new Refusal(PrinterReason.of(n.status()).orElseThrow(), n.detail());
                return CliRefusal.print(cmd, refusal.reason().code(), refusal.errMsg(), NOT_PRINTED);
            }
            store.markPrinted(receipt.setlId(), receipt.kind());
            if (printer instanceof SimulatedPrinter sim) out.print(EscPosDecoder.decode(sim.lastPrinted()).transcript());
            out.println("已重打 " + receipt.setlId() + "（" + ((PrintResult.Printed) result).bytes() + " 字节）");
            return 0;
        }
    }
}
