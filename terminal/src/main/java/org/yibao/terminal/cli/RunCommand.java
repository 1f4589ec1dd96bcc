package org.yibao.terminal.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.app.ServiceLogFolder;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.devices.RunDevices;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.fleet.CommandSources;
import org.yibao.terminal.flow.FlowSettings;
import org.yibao.terminal.provision.RenewalSchedule;
import org.yibao.terminal.store.StorageFailures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code terminal run --config FILE}: the production service (see {@link TerminalConfig} for the
 * file; the devices come from its {@code devices:} section or the provisioned configuration, see
 * {@link org.yibao.terminal.devices.DeviceSetup}). With an {@code ssl://} centre the client
 * certificate is renewed before it expires ({@link RenewalSchedule}); the service then exits with
 * {@value #EXIT_RESTART_FOR_NEW_CERTIFICATE} for systemd to start it on the new files. Runs until SIGTERM, then stops in order. There is no default operator or password:
 * the first admin is created with {@code terminal operator add}. Exit 2 for a bad
 * configuration or a refusal (the API port taken, storage full: printed as a refusal), 1 when
 * the service cannot start otherwise.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "运行终端服务（生产）。")
public final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--config", required = true, description = "the configuration file (YAML or JSON)")
    Path config;

    @Option(names = "--renew-before-days", defaultValue = "30", paramLabel = "DAYS",
            description = "renew the client certificate when it expires within this many days (default ${DEFAULT-VALUE})")
    int renewBeforeDays;

    @Option(names = "--renew-check-s", defaultValue = "21600", paramLabel = "SECONDS",
            description = "how often to check the certificate (default ${DEFAULT-VALUE}; the first check after a random part of it)")
    int renewCheckSeconds;

    /** The exit code after a certificate renewal: systemd (Restart=on-failure) starts the service again on the new files. */
    public static final int EXIT_RESTART_FOR_NEW_CERTIFICATE = 75;

    @Override
    public Integer call() throws Exception {
        TerminalConfig loaded;
        try {
            loaded = TerminalConfig.load(config);
        } catch (IOException | IllegalArgumentException e) {
            String why = StorageFailures.refusal(e).map(Refusal::errMsg).orElse(e.getMessage());
            spec.commandLine().getErr().println("配置文件无效：" + why);
            return 2;
        }
        RunDevices devices;
        try {
            devices = RunDevices.open(config, loaded.dataDir());
        } catch (IOException | RuntimeException e) {
            Optional<Refusal> refusal = CliRefusal.refusalOf(e); // e.g. the voucher nonce store busy: another service holds DATA
            if (refusal.isPresent()) return CliRefusal.print(spec.commandLine(), refusal.get());
            spec.commandLine().getErr().println("设备无法初始化：" + e.getMessage());
            return 1;
        }
        TerminalApp app;
        try {
            app = TerminalApp.start(loaded, devices.flow(), BeijingTime.clock(), devices.trust(),
                    new CommandSources(loaded.dataDir(), Optional.of(config), devices.forSelftest()));
        } catch (IOException | SQLException | RuntimeException e) {
            devices.close();
            Optional<Refusal> refusal = CliRefusal.refusalOf(e);
            if (refusal.isPresent()) return CliRefusal.print(spec.commandLine(), refusal.get());
            spec.commandLine().getErr().println("终端服务无法启动：" + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        RenewalSchedule renewal = loaded.centre() instanceof TerminalConfig.Centre.Mqtt(String broker) && broker.startsWith("ssl://")
                ? RenewalSchedule.start(loaded.dataDir(), Duration.ofDays(renewBeforeDays), Duration.ofSeconds(renewCheckSeconds),
                        app::ask, Clock.systemUTC(), RandomGenerator.getDefault(), snapshot -> {
                            spec.commandLine().getErr().println("客户端证书已更新（配置快照 " + snapshot + "），服务将重启以使用新证书");
                            spec.commandLine().getErr().flush();
                            Thread.ofPlatform().start(() -> System.exit(EXIT_RESTART_FOR_NEW_CERTIFICATE));
                        })
                : null;
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            if (renewal != null) renewal.close();
            app.close();
            devices.close();
            stopped.countDown();
        }));
        ServiceLogFolder.warnings(Optional.ofNullable(System.getProperty(ServiceLogFolder.PROPERTY)), loaded.dataDir())
                .forEach(spec.commandLine().getErr()::println);
        spec.commandLine().getErr().flush();
        spec.commandLine().getOut().println("终端服务已启动：" + app.callServiceUri()
                + (loaded.mode() == FlowSettings.Mode.KIOSK ? "（自助机模式：人员与结算交易只受理 opter_type 2）" : ""));
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
