package org.yibao.terminal.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.devices.RunDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code terminal run --config FILE}: the production service (see {@link TerminalConfig} for the
 * file; the devices come from its {@code devices:} section or the provisioned configuration, see
 * {@link org.yibao.terminal.devices.DeviceSetup}). Runs until SIGTERM, then stops in order. There is no default operator or password:
 * the first admin is created with {@code terminal operator add}. Exit 2 for a bad
 * configuration, 1 when the service cannot start.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "运行终端服务（生产）。")
public final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--config", required = true, description = "the configuration file (YAML or JSON)")
    Path config;

    @Override
    public Integer call() throws Exception {
        TerminalConfig loaded;
        try {
            loaded = TerminalConfig.load(config);
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("配置文件无效：" + e.getMessage());
            return 2;
        }
        RunDevices devices;
        try {
            devices = RunDevices.open(config, loaded.dataDir());
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("设备无法初始化：" + e.getMessage());
            return 1;
        }
        TerminalApp app;
        try {
            app = TerminalApp.start(loaded, devices.flow(), Clock.systemDefaultZone());
        } catch (IOException | SQLException | RuntimeException e) {
            devices.close();
            spec.commandLine().getErr().println("终端服务无法启动：" + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            app.close();
            devices.close();
            stopped.countDown();
        }));
        spec.commandLine().getOut().println("终端服务已启动：" + app.callServiceUri());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
