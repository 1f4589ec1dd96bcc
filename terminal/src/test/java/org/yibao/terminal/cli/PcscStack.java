package org.yibao.terminal.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.yibao.outbox.net.LoopbackPorts;

/**
 * A private pcscd + vsmartcard reader for one test: pcscd in its own mount namespace (its
 * /run/pcscd is our folder, so it never meets another pcscd), vpcd on free ports, the virtual
 * 社保卡 of drivers/src/test/python/sbcard.py as the card. Commands reach it through
 * {@link #env()}. Every process is stopped by PID. (The drivers module's PcscRig does the same
 * for in-JVM tests; a module cannot see another's test classes.) In-JVM tests of this module
 * give it the folder {@link #inJvmRun()} (surefire points the test JVM's PCSCLITE_CSOCK_NAME there).
 */
public final class PcscStack implements AutoCloseable {
    /** The folder whose pcscd.comm the test JVM's libpcsclite uses (PCSCLITE_CSOCK_NAME, which surefire sets). */
    public static Path inJvmRun() {
        String socket = System.getenv("PCSCLITE_CSOCK_NAME");
        if (socket == null || socket.isBlank()) {
            throw new IllegalStateException("PCSCLITE_CSOCK_NAME is not set: run the PC/SC tests through Maven"
                    + " (surefire sets it) or export it to <folder>/pcscd.comm");
        }
        return Path.of(socket).getParent();
    }
    static final Path CARD_SCRIPT = Path.of("../drivers/src/test/python/sbcard.py");
    private static final List<Path> NEEDED = List.of(Path.of("/usr/sbin/pcscd"),
            Path.of("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"), Path.of("/usr/bin/python3"),
            Path.of("/usr/lib/python3/site-packages/virtualsmartcard"),
            Path.of("/usr/lib/python3/dist-packages/Cryptodome"), Path.of("/usr/bin/unshare"), CARD_SCRIPT);

    private final Path dir;
    private final Path run;
    private final int port;
    private Process pcscd;
    private Process card;
    /** Cards in the second reader ("Virtual PCD 00 01"), pulled out with the first one's. */
    private final List<Process> secondReader = new ArrayList<>();
    private final BlockingQueue<String> cardLines = new LinkedBlockingQueue<>();

    PcscStack(Path dir) throws IOException, InterruptedException {
        this(dir, dir.resolve("run"));
    }

    /** As above, its socket in {@code run} (e.g. {@link #inJvmRun()}, for a reader in the test JVM itself). */
    public PcscStack(Path dir, Path run) throws IOException, InterruptedException {
        this.run = run;
        List<Path> missing = NEEDED.stream().filter(p -> !Files.exists(p)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("PC/SC test stack missing " + missing + ": run .ci/install-test-packages"
                    + " as root (pcscd vsmartcard-vpcd python3-virtualsmartcard python3-pycryptodome)");
        }
        this.dir = dir;
        this.port = LoopbackPorts.freePair();
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("py"));
        Files.createSymbolicLink(dir.resolve("py/Crypto"), Path.of("/usr/lib/python3/dist-packages/Cryptodome"));
        Files.writeString(dir.resolve("conf/vpcd"), String.format(Locale.ROOT,
                "FRIENDLYNAME \"Virtual PCD\"\nDEVICENAME /dev/null:0x%X\n"
                        + "LIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID 0x%X\n", port, port));
        startPcscd();
    }

    /** The environment a command needs to use this pcscd. */
    Map<String, String> env() {
        return Map.of("PCSCLITE_CSOCK_NAME", run.resolve("pcscd.comm").toString());
    }

    public void startPcscd() throws IOException, InterruptedException {
        if (pcscd != null && pcscd.isAlive()) {
            stopPcscd(); // never orphan a running pcscd by starting a second one
        }
        Files.createDirectories(run);
        Files.deleteIfExists(run.resolve("pcscd.comm"));
        Files.deleteIfExists(run.resolve("pcscd.pid"));
        Files.createDirectories(Path.of("/run/pcscd"));
        pcscd = new ProcessBuilder("/usr/bin/unshare", namespaceFlags(), "/bin/sh", "-c",
                "mount --bind \"$0\" /run/pcscd && exec /usr/sbin/pcscd --foreground -c \"$1\"",
                run.toString(), dir.resolve("conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pcscd.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(run.resolve("pcscd.comm")) && listening(port))) {
            if (!pcscd.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("pcscd did not start: " + Files.readString(dir.resolve("pcscd.log")));
            }
            Thread.sleep(50);
        }
    }

    public void stopPcscd() throws InterruptedException {
        pcscd.destroy();
        if (!pcscd.waitFor(10, TimeUnit.SECONDS)) {
            pcscd.destroyForcibly().waitFor();
        }
    }

    /** Inserts the virtual card in reader "Virtual PCD 00 00" with sbcard.py options; waits for READY. */
    public void insertCard(String... options) throws IOException, InterruptedException {
        card = startCard(port, options);
    }

    /**
     * Inserts a virtual card in the second reader, "Virtual PCD 00 01" (a reader's second slot, or
     * a second reader on the same box), with sbcard.py options; waits for READY.
     */
    public void insertCardInSecondReader(String... options) throws IOException, InterruptedException {
        secondReader.add(startCard(port + 1, options));
    }

    private Process startCard(int vpcdPort, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-u", CARD_SCRIPT.toString(),
                "--port", Integer.toString(vpcdPort)));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("card.log").toFile()));
        builder.environment().put("PYTHONPATH", "/usr/lib/python3/site-packages/virtualsmartcard:" + dir.resolve("py"));
        Process started = builder.start();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    cardLines.add(line.strip());
                }
            } catch (IOException ignored) {
                // card killed
            }
        });
        awaitCard("READY");
        return started;
    }

    /** Waits (at most 20 s) for the card to print {@code marker}. */
    public void awaitCard(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            if (marker.equals(cardLines.poll(left, TimeUnit.NANOSECONDS))) {
                return;
            }
        }
        throw new IllegalStateException("virtual card never printed " + marker);
    }

    /** Pulls the card out: kills its process. */
    public void removeCard() throws InterruptedException {
        if (card != null) {
            card.destroyForcibly().waitFor();
        }
    }

    @Override public void close() throws InterruptedException {
        removeCard();
        for (Process other : secondReader) {
            other.destroyForcibly().waitFor();
        }
        if (pcscd != null) stopPcscd();
    }

    private static boolean listening(int port) throws IOException {
        String hex = String.format(Locale.ROOT, ":%04X", port);
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[1].endsWith(hex) && f[3].equals("0A")) {
                return true;
            }
        }
        return false;
    }

    /** A private mount namespace; without root, inside a user namespace that maps us to root. */
    private static String namespaceFlags() {
        return "root".equals(System.getProperty("user.name")) ? "-m" : "-rm";
    }
}
