package org.yibao.terminal.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.demo.DemoScenario;
import org.yibao.terminal.demo.DemoSystem;
import org.yibao.terminal.demo.QuietUplinkLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code terminal demo}: starts everything in-process (MQTT v5 broker, reference centre,
 * simulated devices, a temporary data folder with the bundled files), plays the narrated
 * scenario, prints the decoded receipts, stops everything and deletes the folder. Exit 0 when
 * every step succeeded and the day balanced, 1 otherwise.
 *
 * <p>{@code terminal demo --serve [--data-dir DIR] [--api-port N] [--broker URL]} keeps the same
 * system running and serving the API until SIGTERM (operator 0001 / demo-0001).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "演示：内置 MQTT 服务器、参考中心与模拟设备，运行完整购药场景（--serve 则持续提供接口）。")
public final class DemoCommand implements Callable<Integer> {
    /** How long a SIGTERM during start-up waits for the demo to finish starting before closing it. */
    private static final long STOP_WAIT_SECONDS = 90;

    @Spec CommandSpec spec;

    @Option(names = "--serve", description = "keep serving the API until SIGTERM instead of playing the scenario")
    boolean serve;

    @Option(names = "--data-dir", description = "with --serve: keep the data here (default: a temporary folder, deleted at exit)")
    Path dataDir;

    @Option(names = "--api-port", defaultValue = "8080", description = "with --serve: the API port on 127.0.0.1 (default ${DEFAULT-VALUE})")
    int apiPort;

    @Option(names = "--broker", description = "with --serve: use this MQTT v5 broker and the centre behind it")
    String broker;

    @Override
    public Integer call() throws Exception {
        // Two logback.xml on the class path (ours and the embedded broker's) make Logback print its status on stdout.
        System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (!serve) {
            if (dataDir != null || broker != null) {
                spec.commandLine().getErr().println("--data-dir、--broker 只用于 --serve");
                return 2;
            }
            out.println("医保终端演示（参考中心为演示用，非省级平台）。正在启动内置 MQTT 服务器、参考中心与模拟设备……");
            CompletableFuture<DemoSystem> started = new CompletableFuture<>();
            closeOnStop(started, new CountDownLatch(1));
            try (QuietUplinkLog narrated = QuietUplinkLog.open();
                 DemoSystem system = started(started, () -> DemoSystem.start(Optional.empty(), 0, Optional.empty(),
                         BeijingTime.clock()))) {
                boolean ok = new DemoScenario(system, out).run();
                return ok ? 0 : 1;
            }
        }
        return serve(out);
    }

    /**
     * A SIGTERM or Ctrl-C (the scenario's too, not only {@code --serve}'s) runs the shutdown hooks
     * and not the command's own close: the hook is there from the start and lets start() finish
     * (or fail, cleaning up after itself) before closing, so no process or temporary folder is left.
     */
    private static void closeOnStop(CompletableFuture<DemoSystem> started, CountDownLatch stopped) {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            try {
                started.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS).close();
            } catch (InterruptedException | ExecutionException | TimeoutException notStarted) {
                // start() failed (and cleaned up) or never finished: nothing to close here
            } finally {
                stopped.countDown();
            }
        }));
    }

    private interface Start {
        DemoSystem start() throws Exception;
    }

    /** {@code start}'s system, also completing {@code started} (for the hook) either way. */
    private static DemoSystem started(CompletableFuture<DemoSystem> started, Start start) throws Exception {
        try {
            DemoSystem system = start.start();
            started.complete(system);
            return system;
        } catch (Exception | Error e) {
            started.completeExceptionally(e);
            throw e;
        }
    }

    private int serve(PrintStream out) throws Exception {
        // The API answers before the embedded broker and centre are up: a SIGTERM may come while start() still runs.
        CompletableFuture<DemoSystem> started = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        closeOnStop(started, stopped);
        DemoSystem system;
        // the embedded broker starts after the terminal: the uplink's first connects fail by design
        try (QuietUplinkLog starting = broker == null ? QuietUplinkLog.open() : null) {
            system = started(started, () -> DemoSystem.start(Optional.ofNullable(dataDir), apiPort,
                    Optional.ofNullable(broker), BeijingTime.clock()));
        }
        out.println("演示终端已启动：" + system.app().callServiceUri());
        out.println("演示机构 " + DemoSystem.FIXMEDINS_CODE + "（" + DemoSystem.FIXMEDINS_NAME + "） 区划 " + DemoSystem.ADMDVS
                + "  操作员 " + DemoSystem.OPERATOR + " / 密码 " + DemoSystem.PASSWORD + "（仅演示）");
        out.println("MQTT：" + system.broker().map(b -> b.uri() + "（内置）").orElse(broker) + "  数据目录：" + system.dataDir());
        stopped.await();
        return 0;
    }
}
