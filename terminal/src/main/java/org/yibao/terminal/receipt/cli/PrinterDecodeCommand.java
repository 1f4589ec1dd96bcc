package org.yibao.terminal.receipt.cli;

import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.terminal.cli.CliRefusal;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.store.DatabaseFileReason;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code terminal printer decode FILE}: shows what captured ESC/POS bytes print (text in
 * GB18030, QR payloads, cuts, notes on anything odd). Reads at most 4 MiB. A file it cannot read
 * (missing, a folder, no permission) or a larger one is refused 1967, naming the file.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"显示一份截获的 ESC/POS 字节会打印出什么（文字、[QR …]、[CUT]、[NOTE …]）。",
                "Show what a file of captured ESC/POS bytes prints (text, [QR ...], [CUT], [NOTE ...])."})
public final class PrinterDecodeCommand implements Callable<Integer> {
    static final int MAX_BYTES = 4 << 20;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the captured bytes")
    Path file;

    @Override
    public Integer call() {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            Refusal refusal = CliRefusal.refusalOf(e)
                    .orElse(new Refusal(DatabaseFileReason.FILE_UNUSABLE, file + "：无法读取（是目录或不是普通文件）"));
            return CliRefusal.print(spec.commandLine(), refusal);
        }
        if (bytes.length > MAX_BYTES) {
            return CliRefusal.print(spec.commandLine(), new Refusal(DatabaseFileReason.FILE_UNUSABLE,
                    file + "：文件超过 4 MiB，不是打印机抓取的小票数据"));
        }
        spec.commandLine().getOut().print(EscPosDecoder.decode(bytes).transcript());
        return 0;
    }
}
