package org.yibao.terminal.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.yibao.provisioning.diagnostics.DiagnosticsBundle;
import org.yibao.provisioning.diagnostics.DiagnosticsExport;
import org.yibao.terminal.app.TerminalConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code terminal diagnostics export FILE (--config FILE | --data-dir DIR) [--log-dir DIR]}: a zip
 * with the logs, the configuration without secrets, versions, the backlog counts and a
 * non-interactive self-test; personal data masked in every entry. Exit 0 written, 1 not.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a diagnostics zip: logs, configuration (secrets removed), versions, backlog counts, self-test.",
                "社会保障号码, card numbers, ecTokens and names are masked in every entry (3715**********1234, 张*三)."})
public final class DiagnosticsExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the zip to write (replaced atomically)")
    Path zip;

    @Option(names = "--config", paramLabel = "FILE", description = "the terminal configuration")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the data folder when there is no configuration")
    Path dataDir;

    @Option(names = "--log-dir", paramLabel = "DIR", description = "the log folder (default DATA_DIR/logs)")
    Path logDir;

    @Override public Integer call() throws IOException {
        Path dir = config == null ? dataDir : TerminalConfig.load(config).dataDir();
        if (dir == null) {
            System.err.println("1993 需要 --config FILE 或 --data-dir DIR");
            return 2;
        }
        String selftest = SelftestCommand.run(config, dir, false, Duration.ofSeconds(5)).json();
        DiagnosticsBundle bundle = new DiagnosticsBundle(logDir == null ? dir.resolve("logs") : logDir,
                config == null ? List.of() : List.of(config),
                Map.of("app", String.valueOf(TerminalCli.class.getPackage().getImplementationVersion())),
                dir.resolve("terminal.db"), selftest);
        List<String> entries = DiagnosticsExport.write(bundle, zip);
        System.out.println("已导出 " + zip + " (" + entries.size() + " 项)");
        return 0;
    }
}
