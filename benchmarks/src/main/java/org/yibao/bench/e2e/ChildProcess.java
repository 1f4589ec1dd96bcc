package org.yibao.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process of a harness: started with its output in files, measured through
 * {@code /proc/PID/status}, stopped with SIGTERM (then SIGKILL after {@code 30 s}) by its PID.
 */
public final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final long startedNanos;
    private final Path log;

    private ChildProcess(String name, Process process, long startedNanos, Path log) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
    }

    /** Starts {@code command}; stdout and stderr go to {@code logDir/name.log}. */
    public static ChildProcess start(String name, List<String> command, Path logDir) throws IOException {
        return start(name, command, logDir, Map.of());
    }

    /** As {@link #start(String, List, Path)} with {@code environment} added to the inherited one. */
    public static ChildProcess start(String name, List<String> command, Path logDir, Map<String, String> environment)
            throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        return new ChildProcess(name, process, started, log);
    }

    /** {@link System#nanoTime()} just before the process was started. */
    public long startedNanos() {
        return startedNanos;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Fails with the end of the log when the process has ended. */
    public void requireAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " ended with exit code " + process.exitValue() + ":\n" + tail());
        }
    }

    /** VmRSS in kB, or -1 when the process is gone. */
    public long rssKb() {
        return ProcStatus.kb(process.pid(), "VmRSS");
    }

    /** VmHWM (peak RSS) in kB, or -1 when the process is gone. */
    public long hwmKb() {
        return ProcStatus.kb(process.pid(), "VmHWM");
    }

    /** CPU time (user + system) the process has used so far, in milliseconds; -1 when it is gone. */
    public long cpuMillis() {
        return ProcStatus.cpuMillis(process.pid());
    }

    /** The last lines of the log. */
    public String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** SIGTERM and wait up to {@code seconds}; returns the exit code. */
    public int stop(long seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    /** Waits for the process to end on its own; returns the exit code. */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) stop(30);
    }
}
