package org.yibao.drivers.testrig;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A socat pseudo-terminal pair standing in for a USB-serial scanner: the adapter opens
 * {@link #devicePath()}, the test writes what the scanner sends to the other end. Killing socat
 * (by PID) is an unplug; {@link #start()} again is the replug, on the same paths.
 */
public final class SocatPty implements AutoCloseable {
    private static final Path SOCAT = Path.of("/usr/bin/socat");
    private final Path device;
    private final Path host;
    private Process socat;
    private OutputStream line;

    public SocatPty(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(SOCAT)) {
            throw new IllegalStateException("socat missing: run .ci/install-test-packages as root (apt-get install socat)");
        }
        Files.createDirectories(dir);
        this.device = dir.resolve("ttyScan");
        this.host = dir.resolve("ttyHost");
        start();
    }

    /** The path the scanner adapter opens. */
    public Path devicePath() {
        return device;
    }

    /** Starts socat and waits until both links exist. */
    public void start() throws IOException, InterruptedException {
        socat = new ProcessBuilder(SOCAT.toString(), "pty,raw,echo=0,link=" + device, "pty,raw,echo=0,link=" + host)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(device) && Files.exists(host))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("socat did not create " + device + " and " + host);
            }
            Thread.sleep(20);
        }
        line = Files.newOutputStream(host);
    }

    /** Writes what a scanner would send (the host end stays open, so socat never sees a hang-up). */
    public void send(byte[] bytes) throws IOException {
        line.write(bytes);
        line.flush();
    }

    /** Kills socat by PID (SIGKILL) and waits for it: the scanner is unplugged. */
    public void unplug() throws IOException, InterruptedException {
        try {
            line.close();
        } catch (IOException alreadyGone) {
            // the pty vanished with socat
        }
        socat.destroyForcibly().waitFor();
        Files.deleteIfExists(device);
        Files.deleteIfExists(host);
    }

    @Override public void close() throws IOException, InterruptedException {
        unplug();
    }
}
