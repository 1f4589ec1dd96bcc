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
 * self-test; personal data masked in every entry. The data folder is only read. A run file that does
 * not load (an {@code api_tls} key lost, a field wrong) is exported all the same, from the data folder
 * it names, with a failing {@code config} line in {@code selftest.json} saying why ({@link ToolRunFile}).
 * Exit 0 written, 1 not.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"导出诊断包（zip）：日志、配置（已去除密钥）、版本、待上传数量、自检；个人信息一律脱敏。",
                "Write a diagnostics zip: logs, configuration (secrets removed), versions, backlog counts, self-test.",
                "社会保障号码, card numbers, ecTokens and names are masked in every entry (3715**********1234, 张*三).",
                "A --config FILE that does not load is exported all the same, from the data_dir it names; selftest.json's",
                "config line says why. Only a file that names no data_dir is refused (use --data-dir DIR)."})
public final class DiagnosticsExportCommand implements Callable<Integer> {
    /** How long the bundle's self-test waits for the centre. */
    private static final Duration SELFTEST_TIMEOUT = Duration.ofSeconds(5);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the zip to write (an earlier zip there is replaced atomically; any other file is refused, 1967)")
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
        } catch (ConfigFileException e) { // no data_dir to be read from it: the folder can still be named
            return CliRefusal.print(spec.commandLine(), e.code(), e.errMsg() + "（可改用 --data-dir DIR 导出诊断包）");
        }
    }

    private int export() throws IOException {
        DataFolder.notBoth(spec.commandLine(), config, dataDir);
        ZipTarget.requireReplaceable(zip);
        Optional<ToolRunFile> run = config == null ? Optional.empty() : Optional.of(ToolRunFile.load(config));
        Path dir = run.map(ToolRunFile::dataDir).orElse(dataDir);
        if (dir == null) throw new CommandLine.ParameterException(spec.commandLine(), "需要 --config FILE 或 --data-dir DIR");
        // a misspelt --data-dir: 1967 naming it, not the zip of an empty box (a run file's data_dir is
        // exported as it is: finding that it names no folder is what the diagnostics are for)
        if (run.isEmpty()) DataFolder.requireExisting(dir);
        String selftest = selftest(dir, run.flatMap(ToolRunFile::unusable));
        DiagnosticsBundle bundle = new DiagnosticsBundle(logDir == null ? dir.resolve("logs") : logDir,
                DiagnosticsConfig.of(Optional.ofNullable(config), dir),
                VersionsInUse.read(run.flatMap(ToolRunFile::policy), dir, BeijingTime.today()),
                dir.resolve("terminal.db"), selftest);
        List<String> entries = DiagnosticsExport.write(bundle, zip);
        System.out.println("已导出 " + zip + " (" + entries.size() + " 项)");
        return 0;
    }

    /**
     * The bundle's self-test as JSON. A run file refused when loaded, or when its {@code devices}
     * or {@code voucher} section is read for the self-test, gives the self-test of the data folder
     * with a failing {@code config} line instead, and a line on stderr.
     */
    private String selftest(Path dir, Optional<ConfigFileException> unusable) throws IOException {
        if (unusable.isPresent()) return withUnusableConfig(dir, unusable.get());
        try {
            return SelftestCommand.run(config, dir, false, SELFTEST_TIMEOUT).json();
        } catch (ConfigFileException e) {
            return withUnusableConfig(dir, e);
        }
    }

    private String withUnusableConfig(Path dir, ConfigFileException unusable) throws IOException {
        System.err.println("运行配置无法使用（" + unusable.code() + "，原因见诊断包 selftest.json 的 config 项），按其 data_dir 导出：" + dir);
        return SelftestCommand.runWithUnusableConfig(config, dir, unusable, SELFTEST_TIMEOUT).json();
    }
}
