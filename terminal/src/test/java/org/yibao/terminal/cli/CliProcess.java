package org.yibao.terminal.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code terminal ...} run as its own JVM on the test class path, as a technician runs
 * terminal.jar: needed where the process environment matters (PCSCLITE_CSOCK_NAME names the
 * test's private pcscd) and where the command runs until a time or a signal (the end-to-end
 * tests kill {@code terminal run} with SIGKILL through it).
 */
public final class CliProcess {
    private final Process process;
    private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> err = new LinkedBlockingQueue<>();
    private final Thread outPump;
    private final Thread errPump;

    private CliProcess(Process process) {
        this.process = process;
        this.outPump = pump(process.getInputStream(), out);
        this.errPump = pump(process.getErrorStream(), err);
    }

    public static CliProcess start(Map<String, String> env, String... args) throws IOException {
        return start(env, List.of(), args);
    }

    /**
     * As {@link #start(Map, String...)}, with {@code jvmOptions} after the usual ones: a later
     * {@code -D} wins, e.g. {@code -Dlogback.configurationFile} of another logging configuration.
     */
    public static CliProcess start(Map<String, String> env, List<String> jvmOptions, String... args) throws IOException {
        // SIGHUP and SIGINT as systemd gives them (default), also when the tests run under nohup or in a
        // background job, which ignore them: the JVM keeps an ignored one ignored, and a test that stops
        // the service with them would wait in vain. env execs java: the child's pid stays the JVM's.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=HUP,INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8",
                "-Dlogback.configurationFile=" + logbackToStderr(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Djava.io.tmpdir=" + childTmp()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TerminalCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return new CliProcess(builder.start());
    }

    /** Runs to the end (at most 60 s) and returns exit code and output. */
    public static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return start(env, args).finish();
    }

    /**
     * The children's java.io.tmpdir, under the module's target folder: sqlite-jdbc extracts its
     * native library there, and a child the test kills (SIGKILL) cannot delete it; in /tmp those
     * copies (about 1 MB each) outlived every test run.
     */
    private static String childTmp() throws IOException {
        return java.nio.file.Files.createDirectories(Path.of("target", "child-tmp")).toAbsolutePath().toString();
    }

    private static String logbackToStderr() {
        try {
            return Path.of(CliProcess.class.getResource("/card/logback-stderr.xml").toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public void stdin(String text) throws IOException {
        process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
    }

    /** Waits (at most 20 s) for a stderr line containing {@code marker}. */
    public boolean awaitErr(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            String line = err.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && line.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** The next stdout line, or null after 20 s (a bound, not a timing assertion). */
    public String nextOut() throws InterruptedException {
        return out.poll(20, TimeUnit.SECONDS);
    }

    /** Stops the command as a technician's Ctrl-C / kill would (SIGTERM), then collects it. */
    public Result terminate() throws InterruptedException {
        process.destroy();
        return finish();
    }

    public Result finish() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("terminal command did not finish within 60 s; stderr: " + err);
        }
        // the pumps reach the end of the pipes once the child is gone; until then its last lines may
        // still be on their way (bounded: a grandchild could hold a pipe open)
        outPump.join(Duration.ofSeconds(10));
        errPump.join(Duration.ofSeconds(10));
        return new Result(process.exitValue(), List.copyOf(out), String.join("\n", err));
    }

    /** The child's process id, for a signal a test sends itself (kill -TERM twice, -INT, -HUP). */
    public long pid() {
        return process.pid();
    }

    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private static Thread pump(java.io.InputStream stream, BlockingQueue<String> lines) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process gone
            }
        });
    }

    public record Result(int exit, List<String> out, String err) {
        String line() {
            if (out.size() != 1) {
                throw new AssertionError("expected one line on stdout, got " + out + "; stderr: " + err);
            }
            return out.getFirst();
        }
    }
}
