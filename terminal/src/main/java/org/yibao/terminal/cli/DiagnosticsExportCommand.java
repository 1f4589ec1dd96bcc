package org.yibao.terminal.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.yibao.provisioning.diagnostics.DiagnosticsBundle;
import org.yibao.provisioning.diagnostics.DiagnosticsConfig;
import org.yibao.provisioning.diagnostics.DiagnosticsExport;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.fleet.VersionsInUse;
import org.yibao.terminal.provision.ConfigFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code terminal diagnostics export FILE (--config FILE | --data-dir DIR) [--log-dir DIR]}: a zip
 * with the logs, the configuration without secrets (the run file and the provisioned one in force, or a note that the
 * device was never provisioned: {@link DiagnosticsConfig}), versions (app, and the policy, trust file,
 * catalogue and code map in use: {@link VersionsInUse}), the backlog counts and a non-interactive
 * self-test; personal data masked in every entry. The data folder is only read. Exit 0 written, 1 not.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"导出诊断包（zip）：日志、配置（已去除密钥）、版本、待上传数量、自检；个人信息一律脱敏。",
                "Write a diagnostics zip: logs, configuration (secrets removed), versions, backlog counts, self-test.",
                "社会保障号码, card numbers, ecTokens and names are masked in every entry (3715**********1234, 张*三)."})
public final class DiagnosticsExportCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the zip to write (replaced atomically)")
    Path zip;

    @Option(names = "--config", paramLabel = "FILE", description = "the terminal configuration")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the data folder when there is no configuration")
    Path dataDir;

    @Option(names = "--log-dir", paramLabel = "DIR", description = "the log folder (default DATA_DIR/logs)")
    Path logDir;

    @Override public Integer call() throws IOException {
        try {
            return export();
        } catch (ConfigFileException e) {
            return CliRefusal.print(spec.commandLine(), e.code(), e.errMsg());
        }
    }

    private int export() throws IOException {
        TerminalConfig run = config == null ? null : TerminalConfig.load(config);
        Path dir = run == null ? dataDir : run.dataDir();
        if (dir == null) throw new CommandLine.ParameterException(spec.commandLine(), "需要 --config FILE 或 --data-dir DIR");
        // a misspelt --data-dir: 1967 naming it, not the zip of an empty box (a run file's data_dir is
        // exported as it is: finding that it names no folder is what the diagnostics are for)
        if (run == null) DataFolder.requireExisting(dir);
        String selftest = SelftestCommand.run(config, dir, false, Duration.ofSeconds(5)).json();
        DiagnosticsBundle bundle = new DiagnosticsBundle(logDir == null ? dir.resolve("logs") : logDir,
                DiagnosticsConfig.of(Optional.ofNullable(config), dir),
                VersionsInUse.read(Optional.ofNullable(run).map(TerminalConfig::policy), dir, BeijingTime.today()),
                dir.resolve("terminal.db"), selftest);
        List<String> entries = DiagnosticsExport.write(bundle, zip);
        System.out.println("已导出 " + zip + " (" + entries.size() + " 项)");
        return 0;
    }
}
