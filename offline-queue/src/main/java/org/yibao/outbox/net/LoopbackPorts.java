package org.yibao.outbox.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1 for a listener whose address must be known before it starts, or that
 * must come back on the same address after a stop (the demo's broker, a restarted service).
 *
 * <p>A port the kernel hands out for {@code bind(0)} lies in its ephemeral range, which every
 * outgoing connection on the machine draws from: between the moment it is found free and the
 * moment the listener binds it (or binds it again after a restart), a client socket can take it,
 * and the listener fails with "address in use". These ports are drawn from below that range
 * (above it when there is no room below), which the kernel never gives to a client socket, and a
 * port handed out once is not handed out again by this process.
 */
public final class LoopbackPorts {

    /** The lowest port handed out; below it lie many well-known services. */
    static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Range LINUX_DEFAULT_EPHEMERAL = new Range(32_768, 60_999);
    private static final int ATTEMPTS = 500;
    private static final Set<Integer> HANDED_OUT = new HashSet<>(); // guarded by the class's lock

    private LoopbackPorts() {
    }

    /** A port free on 127.0.0.1 now, outside the ephemeral range, not handed out before by this process. */
    public static int free() {
        return freeRun(candidates(ephemeralRange()), 1);
    }

    /** The first of two consecutive such ports (vpcd listens on the port and the next one). */
    public static int freePair() {
        return freeRun(candidates(ephemeralRange()), 2);
    }

    /** The kernel's ephemeral range, or Linux's default where it cannot be read. */
    static Range ephemeralRange() {
        return ephemeralRange(EPHEMERAL_RANGE);
    }

    /**
     * The range in {@code file} (two numbers), or Linux's default. Read by lines: a /proc/sys file reports
     * a size of 0, and {@code Files.readString} then returns its first character only.
     */
    static Range ephemeralRange(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? LINUX_DEFAULT_EPHEMERAL : Range.parse(lines.getFirst());
        } catch (IOException | RuntimeException unreadable) {
            return LINUX_DEFAULT_EPHEMERAL;
        }
    }

    /** The larger of the two spans outside {@code ephemeral}: from {@link #LOWEST} up to it, or from it up to 65535. */
    static Range candidates(Range ephemeral) {
        Range below = new Range(LOWEST, ephemeral.low() - 1);
        Range above = new Range(ephemeral.high() + 1, 65_535);
        return below.size() >= above.size() ? below : above;
    }

    /** The first of {@code length} consecutive ports in {@code range}, each bindable and never handed out. */
    static int freeRun(Range range, int length) {
        if (range.size() < length) {
            throw new IllegalStateException("no room for " + length + " port(s) outside the ephemeral range: " + range);
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int first = range.low() + ThreadLocalRandom.current().nextInt(range.size() - length + 1);
            if (claim(first, length)) return first;
        }
        throw new UncheckedIOException(new IOException("no " + length + " free loopback port(s) in " + range + " after "
                + ATTEMPTS + " attempts (" + handedOut() + " handed out by this process)"));
    }

    private static synchronized boolean claim(int first, int length) {
        for (int port = first; port < first + length; port++) {
            if (HANDED_OUT.contains(port) || !bindable(port)) return false;
        }
        for (int port = first; port < first + length; port++) HANDED_OUT.add(port);
        return true;
    }

    private static synchronized int handedOut() {
        return HANDED_OUT.size();
    }

    /** Whether a listener could bind the port on 127.0.0.1 now (without SO_REUSEADDR, so a lingering connection counts). */
    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** An inclusive span of ports. */
    record Range(int low, int high) {

        static Range parse(String text) {
            String[] parts = text.trim().split("\\s+");
            if (parts.length != 2) throw new IllegalArgumentException("not two port numbers: " + text);
            return new Range(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }

        int size() {
            return Math.max(0, high - low + 1);
        }

        @Override
        public String toString() {
            return low + "–" + high;
        }
    }
}
