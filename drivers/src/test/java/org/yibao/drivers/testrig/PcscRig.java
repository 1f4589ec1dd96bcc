package org.yibao.drivers.testrig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminals;
import jnasmartcardio.Smartcardio;
import org.yibao.drivers.card.pcsc.PcscProviders;

/**
 * A real pcscd with the vsmartcard virtual reader, private to one test run: pcscd runs in its
 * own mount namespace whose /run/pcscd is a folder of ours (so it never meets another pcscd on
 * the machine), with a vpcd configuration on two free loopback ports. The test JVM reaches it
 * through PCSCLITE_CSOCK_NAME, which the module's surefire configuration sets. Cards are
 * Python processes (src/test/python/sbcard.py); killing one is pulling the card out.
 * Everything is stopped by PID.
 */
public final class PcscRig implements AutoCloseable {
    public static final String READER_0 = "Virtual PCD 00 00";
    public static final String READER_1 = "Virtual PCD 00 01";
    private static final Path PCSCD = Path.of("/usr/sbin/pcscd");
    private static final Path VPCD = Path.of("/usr/lib/pcsc/drivers/serial/libifdvpcd.so");
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path VSMARTCARD = Path.of("/usr/lib/python3/site-packages/virtualsmartcard");
    private static final Path CRYPTODOME = Path.of("/usr/lib/python3/dist-packages/Cryptodome");

    private final Path runDir;
    private final Path work;
    private final Path card;
    private final int port;
    private Process pcscd;
    private final List<Process> cards = new ArrayList<>();

    /** Starts pcscd; {@code cardScript} is the virtual card's Python file. */
    public PcscRig(Path work, Path cardScript) throws IOException, InterruptedException {
        requirePackages();
        String socket = System.getenv("PCSCLITE_CSOCK_NAME");
        if (socket == null || socket.isBlank()) {
            throw new IllegalStateException("PCSCLITE_CSOCK_NAME is not set: run the PC/SC tests through Maven"
                    + " (surefire sets it) or export it to <folder>/pcscd.comm");
        }
        this.runDir = Path.of(socket).getParent();
        this.work = work;
        this.card = cardScript.toAbsolutePath();
        this.port = freePortPair();
        Files.createDirectories(work.resolve("conf"));
        Files.createDirectories(work.resolve("py"));
        Path cryptoLink = work.resolve("py/Crypto");
        if (!Files.exists(cryptoLink)) {
            Files.createSymbolicLink(cryptoLink, CRYPTODOME);
        }
        Files.writeString(work.resolve("conf/vpcd"), """
                FRIENDLYNAME "Virtual PCD"
                DEVICENAME   /dev/null:0x%X
                LIBPATH      %s
                CHANNELID    0x%X
                """.formatted(port, VPCD, port));
        startPcscd();
    }

    /** Fails the test with what to install when the device stack is missing (never skips). */
    public static void requirePackages() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(PCSCD, VPCD, PYTHON, VSMARTCARD, CRYPTODOME, Path.of("/usr/bin/unshare"))) {
            if (!Files.exists(p)) {
                missing.add(p.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("PC/SC test stack missing " + missing
                    + ": run .ci/install-test-packages as root (pcscd vsmartcard-vpcd python3-virtualsmartcard"
                    + " python3-pycryptodome)");
        }
    }

    /** Starts pcscd (again, after {@link #stopPcscd()}) and waits until vpcd listens. */
    public void startPcscd() throws IOException, InterruptedException {
        if (pcscd != null && pcscd.isAlive()) {
            stopPcscd(); // never orphan a running pcscd by starting a second one
        }
        Files.createDirectories(runDir);
        try (var stale = Files.list(runDir)) {
            for (Path p : stale.toList()) {
                Files.delete(p);
            }
        }
        Files.createDirectories(Path.of("/run/pcscd"));
        pcscd = new ProcessBuilder("/usr/bin/unshare", namespaceFlags(), "/bin/sh", "-c",
                "mount --bind \"$0\" /run/pcscd && exec /usr/sbin/pcscd --foreground --apdu -c \"$1\"",
                runDir.toString(), work.resolve("conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("pcscd.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(runDir.resolve("pcscd.comm")) && Listening.isListening(port))) {
            if (!pcscd.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("pcscd did not come up; log: " + Files.readString(work.resolve("pcscd.log")));
            }
            Thread.sleep(50);
        }
    }

    /** Stops pcscd by its PID (SIGTERM) and waits for it. */
    public void stopPcscd() throws InterruptedException {
        if (pcscd != null && pcscd.isAlive()) {
            pcscd.destroy();
            if (!pcscd.waitFor(10, TimeUnit.SECONDS)) {
                pcscd.destroyForcibly().waitFor();
            }
        }
    }

    /** Inserts a virtual 社保卡 in reader {@code index} (0 or 1) with sbcard.py arguments. */
    public VirtualCard insertCard(int index, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-u", card.toString(),
                "--port", Integer.toString(port + index)));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(
                ProcessBuilder.Redirect.appendTo(work.resolve("card.log").toFile()));
        builder.environment().put("PYTHONPATH", VSMARTCARD + ":" + work.resolve("py"));
        VirtualCard inserted = new VirtualCard(builder.start(), index == 0 ? READER_0 : READER_1);
        cards.add(inserted.process);
        inserted.await("READY");
        return inserted;
    }

    @Override public void close() throws InterruptedException {
        for (Process p : cards) {
            p.destroyForcibly().waitFor();
        }
        stopPcscd();
    }

    /**
     * Two consecutive free loopback ports for vpcd, below the kernel's ephemeral range: pcscd comes
     * back on them after {@link #stopPcscd()}, and a port from {@code bind(0)} could be taken by a
     * client socket in between. (offline-queue's {@code LoopbackPorts} does the same for the other
     * modules; drivers depends on no other module.)
     */
    private static int freePortPair() throws IOException {
        int below = ephemeralLow();
        if (below < 12_000) throw new IOException("the ephemeral range starts at " + below + ": no room below it for vpcd");
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = 10_000 + ThreadLocalRandom.current().nextInt(below - 10_000 - 1);
            if (bindable(candidate) && bindable(candidate + 1)) return candidate;
        }
        throw new IOException("no two consecutive free ports between 10000 and " + below);
    }

    private static int ephemeralLow() {
        try {
            // By lines: a /proc/sys file reports a size of 0, and Files.readString then returns its first character only.
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unreadable) {
            return 32_768;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** A running virtual card; {@link #remove()} kills it (SIGKILL), as pulling the card out. */
    public static final class VirtualCard {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final String reader;

        VirtualCard(Process process, String reader) {
            this.process = process;
            this.reader = reader;
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        lines.add(line.strip());
                    }
                } catch (IOException ignored) {
                    // the card was killed
                }
            });
        }

        /** Waits (at most 15 s) for the card to print {@code marker}: READY, SLEEPING. */
        public void await(String marker) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (marker.equals(line)) {
                    return;
                }
                if (line == null && !process.isAlive()) {
                    break;
                }
            }
            throw new IllegalStateException("virtual card never printed " + marker + " (alive=" + process.isAlive() + ")");
        }

        /**
         * Kills the card process, then waits (at most 10 s) until pcscd has seen the slot empty,
         * so the next card in this slot is not mistaken for this one. pcscd being down counts as
         * empty.
         */
        public void remove() throws InterruptedException {
            process.destroyForcibly().waitFor();
            try {
                CardTerminals terminals = PcscProviders.jnaSmartcardio().terminals();
                try {
                    terminals.getTerminal(reader).waitForCardAbsent(10_000);
                } finally {
                    ((Smartcardio.JnaCardTerminals) terminals).close();
                }
            } catch (CardException | RuntimeException serviceDown) {
                // nothing to wait for
            }
        }

        public long pid() {
            return process.pid();
        }
    }

    /** A private mount namespace; without root, inside a user namespace that maps us to root. */
    private static String namespaceFlags() {
        return "root".equals(System.getProperty("user.name")) ? "-m" : "-rm";
    }
}
