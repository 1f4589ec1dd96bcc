package org.yibao.terminal.devices;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A socat pseudo-terminal pair: the scanner's end (a real /dev/pts path) and the host end a test writes scans into. */
public final class SocatPair implements AutoCloseable {
    private final Process socat;
    public final Path scannerEnd;
    public final Path hostEnd;

    public SocatPair(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/socat"))) {
            throw new IllegalStateException("socat missing: run .ci/install-test-packages as root");
        }
        socat = new ProcessBuilder("/usr/bin/socat", "pty,raw,echo=0,link=" + dir.resolve("ttyScan"),
                "pty,raw,echo=0,link=" + dir.resolve("ttyHost")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(dir.resolve("ttyScan")) && Files.exists(dir.resolve("ttyHost")))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) throw new IllegalStateException("socat did not create the pty pair");
            Thread.sleep(20);
        }
        scannerEnd = dir.resolve("ttyScan").toRealPath();
        hostEnd = dir.resolve("ttyHost");
    }

    /** Writes {@code text} + CR into the host end every 200 ms until {@code until} completes, on a daemon thread. */
    Thread keepScanning(String text, java.util.concurrent.CompletableFuture<?> until) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (OutputStream line = Files.newOutputStream(hostEnd)) {
                while (!until.isDone()) {
                    line.write((text + "\r").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    line.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException e) {
                // the pair went away
            }
        });
    }

    @Override public void close() throws InterruptedException {
        socat.destroyForcibly().waitFor();
    }
}
