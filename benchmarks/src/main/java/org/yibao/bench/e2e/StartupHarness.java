package org.yibao.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.yibao.outbox.net.LoopbackPorts;

/**
 * Start-up to the API answering against a hello-world class, on the same JDK with the same
 * JVM options (the 1 GB device's), in one run.
 *
 * <p>For {@code terminal run --config FILE} (centre: none, the catalogue already imported) and,
 * with {@code --demo}, {@code terminal demo --serve} (embedded HiveMQ broker and reference
 * centre): the time from starting the process until the first HTTP request to the API gets an
 * answer (see {@link ApiProbe}), without and with an AOT cache (JEP 483/514/515). The cache
 * comes from one training run with {@code -XX:AOTCacheOutput} (start, 9001 sign-in, a few
 * requests, SIGTERM; the JVM writes the cache as it exits); the measured runs use
 * {@code -XX:AOTCache} with {@code -XX:AOTMode=on}, so a cache that cannot be used fails the
 * run instead of being ignored. The baseline is {@link Hello} from start to exit. Rounds are
 * interleaved so that load on the machine hits every variant alike; medians are reported.
 *
 * <pre>
 * $J org.yibao.bench.e2e.StartupHarness [rounds=7] [--demo]
 * </pre>
 * Goal: under 15x.
 */
public final class StartupHarness {
    private static final double GOAL = 15;

    private StartupHarness() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 7;
        boolean demo = Arrays.asList(args).contains("--demo");
        DeviceJvm jvm = DeviceJvm.fromRoot();
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
                "bench-startup-");
        try {
            int port = LoopbackPorts.free();
            TerminalFixture fixture = TerminalFixture.create(dir, port, "none");
            List<Variant> variants = new ArrayList<>();
            variants.add(Variant.of("terminal run", jvm, jvm.deviceOptions(), fixture.runArgs(), port, dir, "run"));
            if (demo) {
                List<String> options = new ArrayList<>(jvm.deviceOptions());
                options.add("--sun-misc-unsafe-memory-access=allow");
                int demoPort = LoopbackPorts.free();
                variants.add(Variant.of("demo --serve", jvm, options,
                        List.of("demo", "--serve", "--api-port", Integer.toString(demoPort)), demoPort, dir, "demo"));
            }
            for (Variant v : variants) v.train(dir);
            List<String> hello = new ArrayList<>(List.of(jvm.java()));
            hello.addAll(jvm.deviceOptions());
            hello.addAll(List.of("-cp", jvm.benchmarksJar().toString(), Hello.class.getName()));
            double[] helloMs = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                helloMs[r] = helloMillis(hello, dir, jvm.deviceEnvironment());
                for (Variant v : variants) v.round(r, rounds);
            }
            report(median(helloMs), variants, rounds);
        } finally {
            Tree.delete(dir);
        }
    }

    private static double helloMillis(List<String> command, Path dir, Map<String, String> environment)
            throws IOException, InterruptedException {
        ChildProcess hello = ChildProcess.start("hello", command, dir, environment);
        int exit = hello.waitFor();
        double ms = (System.nanoTime() - hello.startedNanos()) / 1e6;
        if (exit != 0) throw new IllegalStateException("hello exited " + exit + ": " + hello.tail());
        return ms;
    }

    private static void report(double hello, List<Variant> variants, int rounds) {
        System.out.printf("Start-up to the API answering, median of %d interleaved rounds, 1 GB device JVM options%n", rounds);
        System.out.printf("  baseline: hello-world class, start to exit: %.0f ms%n", hello);
        for (Variant v : variants) {
            double plain = median(v.plainMs);
            double aot = median(v.aotMs);
            System.out.printf("  %-13s without AOT cache: %6.0f ms = %5.1fx   with AOT cache (%d MB): %6.0f ms = %5.1fx   goal < %.0fx: %s%n",
                    v.name, plain, plain / hello, v.cacheMb, aot, aot / hello, GOAL, aot / hello < GOAL ? "MET" : "NOT MET");
        }
    }

    static double median(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        int n = copy.length;
        return n % 2 == 1 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
    }

    /** One command measured without and with its AOT cache. */
    private static final class Variant {
        final String name;
        final DeviceJvm jvm;
        final List<String> options;
        final List<String> args;
        final int port;
        final Path cache;
        final String tag;
        final Path dir;
        double[] plainMs;
        double[] aotMs;
        long cacheMb;

        private Variant(String name, DeviceJvm jvm, List<String> options, List<String> args, int port, Path dir, String tag) {
            this.name = name;
            this.jvm = jvm;
            this.options = options;
            this.args = args;
            this.port = port;
            this.dir = dir;
            this.tag = tag;
            this.cache = dir.resolve(tag + ".aot");
        }

        static Variant of(String name, DeviceJvm jvm, List<String> options, List<String> args, int port, Path dir, String tag) {
            return new Variant(name, jvm, options, args, port, dir, tag);
        }

        /** The training run: writes the AOT cache as the JVM exits after SIGTERM. */
        void train(Path logDir) throws Exception {
            List<String> training = new ArrayList<>(options);
            training.add("-XX:AOTCacheOutput=" + cache);
            try (ChildProcess child = ChildProcess.start(tag + "-training", jvm.terminal(training, args), logDir,
                    jvm.deviceEnvironment())) {
                new ApiProbe().awaitAnswer(ApiProbe.callService(port), child, Duration.ofSeconds(180));
                if (tag.equals("run")) {
                    PosLoad pos = new PosLoad(ApiProbe.callService(port), TerminalFixture.OPERATOR);
                    pos.signIn(TerminalFixture.PASSWORD);
                } else {
                    PosLoad pos = new PosLoad(ApiProbe.callService(port), "0001");
                    pos.signIn("demo-0001", Duration.ofSeconds(30));
                }
                int exit = child.stop(180);
                if (!Files.isRegularFile(cache)) {
                    throw new IllegalStateException("no AOT cache after training (exit " + exit + "):\n" + child.tail());
                }
            }
            cacheMb = Files.size(cache) >> 20;
        }

        void round(int r, int rounds) throws Exception {
            if (plainMs == null) {
                plainMs = new double[rounds];
                aotMs = new double[rounds];
            }
            plainMs[r] = once(options);
            List<String> withCache = new ArrayList<>(options);
            withCache.add("-XX:AOTMode=on");
            withCache.add("-XX:AOTCache=" + cache);
            aotMs[r] = once(withCache);
        }

        private double once(List<String> opts) throws Exception {
            try (ChildProcess child = ChildProcess.start(tag, jvm.terminal(opts, args), dir, jvm.deviceEnvironment())) {
                double ms = new ApiProbe().startupMillis(child, port, Duration.ofSeconds(180));
                child.stop(60);
                return ms;
            }
        }
    }
}
