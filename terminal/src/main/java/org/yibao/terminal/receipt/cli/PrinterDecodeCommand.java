package org.yibao.terminal.receipt.cli;

import org.yibao.drivers.printer.EscPosDecoder;
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
 * GB18030, QR payloads, cuts, notes on anything odd). Reads at most 4 MiB.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Show what a file of captured ESC/POS bytes prints (text, [QR ...], [CUT], [NOTE ...]).")
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
            spec.commandLine().getErr().println("cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        if (bytes.length > MAX_BYTES) {
            spec.commandLine().getErr().println(file + " is larger than " + MAX_BYTES + " bytes");
            return 1;
        }
        spec.commandLine().getOut().print(EscPosDecoder.decode(bytes).transcript());
        return 0;
    }
}
