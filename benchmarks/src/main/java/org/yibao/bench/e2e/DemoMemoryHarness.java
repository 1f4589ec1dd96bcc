package org.yibao.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.yibao.bench.outbox.BenchBroker;
import org.yibao.outbox.net.LoopbackPorts;

/**
 * Resident memory of {@code terminal demo --serve} under a 2102 stream, with the JVM options the
 * Debian package recommends for a 1 GB device, against the floor of an idle JVM
 * ({@link Hello} {@code --sleep}) with the same options, in one run.
 *
 * <p>Two set-ups: (1) {@code demo --serve} as it ships, with the embedded HiveMQ broker and the
 * reference centre in the same process; (2) {@code demo --serve --broker tcp://...} against a
 * private Mosquitto with {@code terminal center} as its own process, as on a device whose
 * broker and centre are elsewhere. For each: VmRSS when idle after start, the highest VmRSS
 * sampled every 100 ms during {@code seconds} of 2102s from {@code clients} POS clients, and
 * VmHWM (the kernel's peak) at the end, all from {@code /proc/PID/status}.
 *
 * <pre>
 * $J org.yibao.bench.e2e.DemoMemoryHarness [seconds=30] [clients=2]
 * </pre>
 * Goal: under 160 MB (VmHWM).
 */
public final class DemoMemoryHarness {
    private static final long GOAL_KB = 160 * 1024;

    private DemoMemoryHarness() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        DeviceJvm jvm = DeviceJvm.fromRoot();
        List<String> options = new ArrayList<>(jvm.deviceOptions());
        options.add("--sun-misc-unsafe-memory-access=allow");
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
                "bench-rss-");
        try {
            long floor = helloFloorKb(jvm, dir);
            System.out.printf("Resident memory of demo --serve under a 2102 stream (%d clients, %d s), JVM options: %s%n",
                    clients, seconds, String.join(" ", options));
            System.out.printf("  baseline: idle hello-world JVM, same options: VmRSS %.1f MB%n", floor / 1024.0);
            int port = LoopbackPorts.free();
            try (ChildProcess demo = ChildProcess.start("demo-embedded", jvm.terminal(options,
                    List.of("demo", "--serve", "--api-port", Integer.toString(port), "--data-dir", dir.resolve("embedded").toString())), dir, jvm.deviceEnvironment())) {
                measure("embedded HiveMQ broker + centre in the process", demo, port, seconds, clients, floor);
            }
            try (BenchBroker broker = BenchBroker.start(dir.resolve("mosquitto"));
                 ChildProcess centre = ChildProcess.start("centre", jvm.terminal(List.of("--enable-native-access=ALL-UNNAMED"),
                         List.of("center", "--broker", broker.uri(), "--db", dir.resolve("centre.db").toString(),
                                 "--persons", TerminalFixture.create(dir.resolve("files"), 0, "none").persons().toString())), dir)) {
                int external = LoopbackPorts.free();
                try (ChildProcess demo = ChildProcess.start("demo-mosquitto", jvm.terminal(options, List.of("demo", "--serve",
                        "--api-port", Integer.toString(external), "--broker", broker.uri(),
                        "--data-dir", dir.resolve("external").toString())), dir, jvm.deviceEnvironment())) {
                    measure("--broker " + broker.uri() + " (Mosquitto, centre in its own process)", demo, external, seconds,
                            clients, floor);
                }
            }
        } finally {
            Tree.delete(dir);
        }
    }

    private static long helloFloorKb(DeviceJvm jvm, Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(jvm.java()));
        command.addAll(jvm.deviceOptions());
        command.addAll(List.of("-cp", jvm.benchmarksJar().toString(), Hello.class.getName(), "--sleep"));
        try (ChildProcess hello = ChildProcess.start("hello-sleep", command, dir, jvm.deviceEnvironment())) {
            Thread.sleep(1500);
            return hello.rssKb();
        }
    }

    private static void measure(String what, ChildProcess demo, int port, int seconds, int clients, long floorKb) throws Exception {
        new ApiProbe().awaitAnswer(ApiProbe.callService(port), demo, Duration.ofSeconds(180));
        PosLoad pos = new PosLoad(ApiProbe.callService(port), "0001");
        pos.signIn("demo-0001", Duration.ofSeconds(30));
        pos.identify(TerminalFixture.CERTNO, Duration.ofSeconds(60));
        Thread.sleep(2000);
        long idle = demo.rssKb();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong highest = new AtomicLong();
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                highest.accumulateAndGet(demo.rssKb(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        PosLoad.Result load;
        try {
            load = pos.run(clients, Duration.ofSeconds(5), Duration.ofSeconds(seconds));
        } finally {
            running.set(false);
            sampler.join();
        }
        long hwm = demo.hwmKb();
        System.out.printf("  demo --serve, %s:%n", what);
        System.out.printf("    idle VmRSS %.1f MB; under load (%.0f 2102/s, %d refused) highest VmRSS %.1f MB; VmHWM %.1f MB = %.1fx the idle JVM%n",
                idle / 1024.0, load.rate(), load.refused(), highest.get() / 1024.0, hwm / 1024.0, (double) hwm / floorKb);
        System.out.printf("    goal VmHWM < 160 MB: %s (%.2f of the goal)%n", hwm < GOAL_KB ? "MET" : "NOT MET", (double) hwm / GOAL_KB);
        if (load.refused() > 0) System.out.println("    first refusal: " + load.firstRefusal());
    }
}
