package org.yibao.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the harnesses start child JVMs: the JDK running the harness, {@code terminal.jar} of the
 * build, and the JVM options a 1 GB device gets, read from the Debian package's
 * {@code /etc/default/yibao-terminal} in the source tree (so the benchmarks follow that file).
 * Paths are relative to the repository root unless {@code -Dbench.root=DIR} says otherwise.
 */
public final class DeviceJvm {
    private static final Pattern JAVA_OPTS = Pattern.compile("(?m)^JAVA_OPTS=\"([^\"]*)\"");
    private static final Pattern ARENAS = Pattern.compile("(?m)^MALLOC_ARENA_MAX=\"([0-9]+)\"");

    private final Path root;

    private DeviceJvm(Path root) {
        this.root = root;
    }

    /** From {@code -Dbench.root} (default: the working directory). */
    public static DeviceJvm fromRoot() {
        return new DeviceJvm(Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize());
    }

    /** The {@code java} launcher of the JDK running this harness (a JDK 25). */
    public String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public Path terminalJar() {
        Path jar = root.resolve("terminal/target/terminal.jar");
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("build first (./dev build): no " + jar);
        return jar;
    }

    /** The benchmarks jar (it holds {@link Hello}). */
    public Path benchmarksJar() {
        Path jar = root.resolve("benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar");
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("build first (./dev build): no " + jar);
        return jar;
    }

    /**
     * The environment the launcher gives the JVM from the same file: MALLOC_ARENA_MAX when it is
     * set there (empty map otherwise).
     */
    public Map<String, String> deviceEnvironment() throws IOException {
        Matcher m = ARENAS.matcher(Files.readString(root.resolve("terminal/src/deb/default/yibao-terminal")));
        return m.find() ? Map.of("MALLOC_ARENA_MAX", m.group(1)) : Map.of();
    }

    /** JAVA_OPTS of the Debian package's defaults file: the options recommended for a 1 GB device. */
    public List<String> deviceOptions() throws IOException {
        Path defaults = root.resolve("terminal/src/deb/default/yibao-terminal");
        Matcher m = JAVA_OPTS.matcher(Files.readString(defaults));
        if (!m.find()) throw new IllegalStateException("no JAVA_OPTS=\"...\" line in " + defaults);
        return new ArrayList<>(Arrays.asList(m.group(1).trim().split("\\s+")));
    }

    /**
     * {@code java OPTIONS -jar terminal.jar ARGS}; {@code -Dbench.jvm.extra="..."} adds options
     * (e.g. a flight recording to profile the terminal under the harness's load).
     */
    public List<String> terminal(List<String> options, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(options);
        String extra = System.getProperty("bench.jvm.extra", "").trim();
        if (!extra.isEmpty()) command.addAll(Arrays.asList(extra.split("\\s+")));
        command.add("-jar");
        command.add(terminalJar().toString());
        command.addAll(args);
        return command;
    }
}
