package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.cli.TerminalCli;

/**
 * The package's systemd side as systemd runs it: src/deb/bin/yibao-terminal-service (the unit's
 * ExecStart) starting {@code terminal run} through a launcher, with the watchdog interval of
 * WatchdogSec=60s. After READY=1, {@code systemctl stop} sends SIGTERM: the service stops in about
 * the JVM's own time, and the wrapper's exit status is one the unit counts as a clean stop (0, or
 * one named in its SuccessExitStatus=), so a deliberate stop does not leave the unit "failed". A
 * JVM that dies on its own ends the wrapper at once with its status, for Restart=on-failure.
 */
class ServiceWrapperStopProcessTest {
    private static final Path WRAPPER = Path.of("src/deb/bin/yibao-terminal-service");
    private static final Path UNIT = Path.of("src/deb/systemd/yibao-terminal.service");

    @Test
    void aStopBySystemdEndsSoonWithAnExitStatusTheUnitCountsAsClean(@TempDir Path dir) throws Exception {
        try (RunServiceSetup setup = RunServiceSetup.start(dir)) {
            Process service = startService(dir, setup);
            try {
                awaitReady(dir);
                Thread.sleep(1_000);
                long t0 = System.nanoTime();
                service.destroy(); // systemctl stop: SIGTERM to the main process
                assertTrue(service.waitFor(60, TimeUnit.SECONDS), "the service did not stop");
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                int exit = service.exitValue();
                System.out.printf("wrapper: exit %d, %d ms after SIGTERM; notify: %s%n", exit, millis, text(dir.resolve("notify.txt")));
                Set<String> clean = successExitStatus();
                assertTrue(exit == 0 || clean.contains(String.valueOf(exit)),
                        "systemctl stop ends with exit status " + exit + ", which the unit (SuccessExitStatus=" + clean
                                + ") counts as a failure; log: " + text(dir.resolve("service.log")));
                assertTrue(millis < 25_000, "the service took " + millis + " ms to stop (the JVM takes a second or two)");
            } finally {
                service.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aJvmThatDiesIsSeenBySystemdAtOnceNotAfterAWatchdogInterval(@TempDir Path dir) throws Exception {
        try (RunServiceSetup setup = RunServiceSetup.start(dir)) {
            Process service = startService(dir, setup);
            try {
                awaitReady(dir);
                Thread.sleep(1_000);
                ProcessHandle jvm = service.toHandle().children().findFirst().orElseThrow();
                long t0 = System.nanoTime();
                jvm.destroyForcibly(); // the JVM crashes (here: SIGKILL)
                assertTrue(service.waitFor(60, TimeUnit.SECONDS), "the wrapper never ended");
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                System.out.printf("wrapper: exit %d, %d ms after the JVM died%n", service.exitValue(), millis);
                assertEquals(137, service.exitValue(), "the JVM's status, for Restart=on-failure");
                assertTrue(millis < 15_000, "systemd learnt of the dead JVM only " + millis
                        + " ms later (half of WatchdogSec=60s): the counter was without a service and without a restart meanwhile");
            } finally {
                service.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * The API bound to an address other than 127.0.0.1 (the README's {@code api: {bind:
     * 192.168.1.10, …}} for a POS on the LAN; here 127.0.0.2, which refuses 127.0.0.1 alike) is
     * seen listening and the service is READY. The wrapper knocked only at 127.0.0.1, so such a
     * terminal never got READY=1 and systemd killed it after TimeoutStartSec, again and again.
     */
    @Test
    void anApiBoundToAnotherAddressIsSeenReady(@TempDir Path dir) throws Exception {
        try (RunServiceSetup setup = RunServiceSetup.start(dir)) {
            String run = Files.readString(setup.config());
            String bound = run.replace("api: {port: " + setup.apiPort() + "}", "api: {bind: 127.0.0.2, port: " + setup.apiPort() + "}");
            assertTrue(!bound.equals(run), run);
            Files.writeString(setup.config(), bound);
            Process service = startService(dir, setup);
            try {
                awaitReady(dir);
                assertTrue(text(dir.resolve("notify.txt")).contains("127.0.0.2:" + setup.apiPort()), text(dir.resolve("notify.txt")));
            } finally {
                service.destroy();
                service.waitFor(60, TimeUnit.SECONDS);
                service.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * yibao-terminal-service as the unit starts it: NOTIFY_SOCKET set and WATCHDOG_USEC as systemd
     * sets it for WatchdogSec=60s; systemd-notify a stand-in that records what it is told, as a
     * manager that takes each message at once would.
     */
    private static Process startService(Path dir, RunServiceSetup setup) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path notify = bin.resolve("systemd-notify");
        Files.writeString(notify, "#!/bin/sh\necho \"$*\" >> '" + dir.resolve("notify.txt") + "'\n");
        Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path defaults = Files.writeString(dir.resolve("defaults"), "YIBAO_CONFIG=" + setup.config() + "\nYIBAO_API_PORT="
                + setup.apiPort() + "\n");
        ProcessBuilder builder = new ProcessBuilder("bash", WRAPPER.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("service.log").toFile());
        builder.environment().putAll(java.util.Map.of("YIBAO_DEFAULTS", defaults.toString(), "YIBAO_LAUNCHER",
                launcher(dir).toString(), "NOTIFY_SOCKET", dir.resolve("notify.sock").toString(), "WATCHDOG_USEC", "60000000",
                "PATH", bin + ":" + System.getenv("PATH")));
        return builder.start();
    }

    private static void awaitReady(Path dir) {
        Eventually.await(Duration.ofSeconds(40), () -> text(dir.resolve("notify.txt")).contains("--ready"),
                () -> "no READY=1; log " + text(dir.resolve("service.log")));
    }

    /** The launcher (/usr/bin/yibao-terminal's place): this test's JVM and class path, as CliProcess starts a child. */
    private static Path launcher(Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String tmp = Files.createDirectories(Path.of("target", "child-tmp")).toAbsolutePath().toString();
        Path script = dir.resolve("yibao-terminal");
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' --enable-native-access=ALL-UNNAMED -Dfile.encoding=UTF-8"
                + " -XX:TieredStopAtLevel=1 -Djava.io.tmpdir='" + tmp + "' -cp '" + System.getProperty("java.class.path") + "' "
                + TerminalCli.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static Set<String> successExitStatus() throws IOException {
        Set<String> codes = new HashSet<>();
        for (String line : Files.readAllLines(UNIT)) {
            if (line.startsWith("SuccessExitStatus=")) {
                codes.addAll(Arrays.asList(line.substring("SuccessExitStatus=".length()).trim().split("\\s+")));
            }
        }
        return codes;
    }

    private static String text(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

}
