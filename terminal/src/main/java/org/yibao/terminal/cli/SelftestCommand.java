package org.yibao.terminal.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.yibao.outbox.wire.Topics;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.selftest.Check;
import org.yibao.provisioning.selftest.CheckResult;
import org.yibao.provisioning.selftest.ClockCheck;
import org.yibao.provisioning.selftest.DatabaseCheck;
import org.yibao.provisioning.selftest.DeviceChecks;
import org.yibao.provisioning.selftest.DiskSpaceCheck;
import org.yibao.provisioning.selftest.SelfTest;
import org.yibao.provisioning.selftest.SelftestReport;
import org.yibao.provisioning.selftest.UplinkCheck;
import org.yibao.provisioning.selftest.Verdict;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.devices.ConfiguredDevices;
import org.yibao.terminal.devices.DeviceFactory;
import org.yibao.terminal.devices.DeviceSetup;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.provision.ConfigFileException;
import org.yibao.terminal.provision.ServiceUplinkConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code terminal selftest [--interactive] [--json] (--config FILE | --data-dir DIR)}: one line
 * per check (PASS / FAIL / SKIP and why); exit 0 when every required check passed, 1 otherwise.
 * The devices are made by the same {@link DeviceFactory} as {@code run}'s, from the same place
 * ({@link DeviceSetup}).
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = {"自检：设备、数据库、磁盘空间、时钟、中心连接，以及（--config 时）政策文件与接口传输，每项一行 PASS / FAIL / SKIP 及原因。",
                "Check the devices, the database, free disk, the clock, the centre link and (with --config) the policy file and the API's transport.",
                "One line per check: PASS / FAIL / SKIP with why. Exit 0 all required checks passed, 1 otherwise.",
                "Without --interactive the checks that need a person (card, scan, button) are skipped."})
public final class SelftestCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "the terminal configuration (data dir, centre broker, the API's transport)")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the data folder when there is no configuration (no uplink check)")
    Path dataDir;

    @Option(names = "--interactive", description = "also run the checks that need a person (insert a card, scan, press the button)")
    boolean interactive;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", description = "wait for the centre / a person (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws IOException {
        if (config == null && dataDir == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "需要 --config FILE 或 --data-dir DIR");
        }
        DataFolder.notBoth(spec.commandLine(), config, dataDir);
        SelftestReport report;
        try {
            report = run(config, dataDir, interactive, Duration.ofSeconds(timeoutSeconds));
        } catch (ConfigFileException e) {
            return CliRefusal.print(spec.commandLine(), e.code(), e.errMsg());
        }
        System.out.print(json ? report.json() + "\n" : report.text());
        return report.passed() ? 0 : 1;
    }

    /** Runs the self-test for a configuration file or a bare data folder (one of them set). */
    static SelftestReport run(Path configFile, Path dataDir, boolean interactive, Duration timeout) throws IOException {
        if (configFile == null && dataDir == null) throw new IllegalArgumentException("--config FILE or --data-dir DIR is required");
        TerminalConfig cfg = configFile == null ? null : TerminalConfig.load(configFile);
        Path dir = cfg == null ? dataDir : cfg.dataDir();
        DeviceSetup.voucher(configFile, dir); // its section checked as run checks it: refused here, not only at the service's start
        return run(cfg, DeviceSetup.resolve(configFile, dir), dir, List.of(), interactive, timeout);
    }

    /**
     * The non-interactive self-test of {@code dataDir} when its run file does not load: a failing
     * {@code config} line saying why, then the checks {@code --data-dir} runs (the devices as the
     * run file still names them, else none).
     */
    static SelftestReport runWithUnusableConfig(Path configFile, Path dataDir, ConfigFileException unusable, Duration timeout)
            throws IOException {
        Optional<DeviceConfig.Devices> devices;
        try {
            devices = DeviceSetup.resolve(configFile, dataDir);
        } catch (IllegalArgumentException e) {
            devices = Optional.empty();
        }
        return run(null, devices, dataDir, List.of(failing("config", unusable.code() + " " + unusable.errMsg())), false, timeout);
    }

    private static SelftestReport run(TerminalConfig cfg, Optional<DeviceConfig.Devices> configured, Path dir, List<Check> first,
                                      boolean interactive, Duration timeout) throws IOException {
        try (ConfiguredDevices devices = configured.map(DeviceFactory::make).orElse(null)) {
            List<Check> checks = new ArrayList<>(first);
            checks.addAll(DeviceChecks.of(devices == null ? DeviceChecks.Devices.none() : devices.forSelftest(), timeout));
            checks.add(new DatabaseCheck(dir.resolve("terminal.db")));
            checks.add(new DiskSpaceCheck(dir, DiskSpaceCheck.DEFAULT_MIN_FREE));
            checks.add(new ClockCheck(BeijingTime.clock(), buildDate()));
            checks.add(uplink(cfg, timeout));
            if (cfg != null) {
                checks.add(new PolicyFileCheck(cfg.policy(), cfg.institution().admdvs()));
                checks.add(new ApiTransportCheck(cfg.api(), BeijingTime.clock()));
            }
            return SelfTest.run(checks, interactive, Clock.systemUTC());
        }
    }

    private static Check uplink(TerminalConfig cfg, Duration timeout) {
        if (cfg != null && cfg.centre() instanceof TerminalConfig.Centre.Mqtt(String broker)) {
            Topics topics = new Topics(cfg.institution().admdvs(), cfg.institution().fixmedinsCode(), cfg.deviceId());
            try {
                return new UplinkCheck(broker, topics, timeout, ServiceUplinkConfig.of(broker, topics, cfg.dataDir()).tls());
            } catch (RefusedException e) {
                return failing("uplink", e.refusal().reason().code() + " " + e.refusal().errMsg());
            } catch (IOException e) {
                return failing("uplink", CliRefusal.refusalOf(e).map(r -> r.reason().code() + " " + r.errMsg())
                        .orElse("本机证书不可用：" + e.getMessage()));
            }
        }
        return new Check() {
            @Override public String name() {
                return "uplink";
            }

            @Override public CheckResult run() {
                return new CheckResult("uplink", Verdict.SKIP, false, "未配置医保中心 (centre: none 或未给出 --config)");
            }
        };
    }

    private static Check failing(String name, String why) {
        return new Check() {
            @Override public String name() {
                return name;
            }

            @Override public CheckResult run() {
                return fail(why);
            }
        };
    }

    /** The day this build was made, in Beijing: the modification day of the jar (or classes folder) it runs from. */
    static LocalDate buildDate() {
        try {
            Path source = Path.of(SelftestCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return LocalDate.ofInstant(Files.getLastModifiedTime(source).toInstant(), BeijingTime.ZONE);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return LocalDate.of(2026, 1, 1);
        }
    }
}
