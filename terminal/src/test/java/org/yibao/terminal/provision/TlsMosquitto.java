package org.yibao.terminal.provision;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.yibao.outbox.net.LoopbackPorts;
import org.yibao.provisioning.bundle.ReferenceCa;
import org.yibao.provisioning.identity.Pem;

/**
 * A Mosquitto broker for one test with two loopback listeners: plain TCP (for the reference
 * centre) and TLS with {@code require_certificate true}, its server certificate (IP SAN
 * 127.0.0.1, made with openssl) and the accepted client certificates both from the test's
 * reference CA. Started and stopped by PID.
 */
public final class TlsMosquitto implements AutoCloseable {
    public final int plainPort;
    public final int tlsPort;
    private final Path dir;
    private Process process;

    public TlsMosquitto(Path dir, ReferenceCa ca) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        plainPort = LoopbackPorts.free();
        tlsPort = LoopbackPorts.free();
        Files.writeString(dir.resolve("ca.pem"), Pem.write(ca.certificate()));
        Files.writeString(dir.resolve("ca.key"), Pem.write(ca.keyPair().getPrivate()));
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key",
                "-subj", "/CN=127.0.0.1", "-out", "server.csr");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
                "-extfile", "san.ext", "-out", "server.pem");
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "per_listener_settings false",
                "allow_anonymous true",
                "user " + System.getProperty("user.name"),
                "persistence false",
                "log_dest file " + dir.resolve("mosquitto.log"),
                "log_type all",
                "listener " + plainPort + " 127.0.0.1",
                "listener " + tlsPort + " 127.0.0.1",
                "cafile " + dir.resolve("ca.pem"),
                "certfile " + dir.resolve("server.pem"),
                "keyfile " + dir.resolve("server.key"),
                "require_certificate true",
                "use_identity_as_username true",
                ""));
        start();
    }

    /**
     * Restarts the broker accepting only client certificates of {@code other} (its own server
     * certificate unchanged): a device's certificate from the first CA is then refused by the
     * broker after a handshake the device itself finds sound.
     */
    public void trustClientsOnlyOf(ReferenceCa other) throws IOException, InterruptedException {
        stop();
        Files.writeString(dir.resolve("clients-ca.pem"), Pem.write(other.certificate()));
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, Files.readString(conf).replace("cafile " + dir.resolve("ca.pem"), "cafile " + dir.resolve("clients-ca.pem")));
        start();
    }

    public String plainUri() {
        return "tcp://127.0.0.1:" + plainPort;
    }

    public String tlsUri() {
        return "ssl://127.0.0.1:" + tlsPort;
    }

    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!(accepts(plainPort) && accepts(tlsPort))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.out")) + log());
            }
            Thread.sleep(20);
        }
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }

    public String log() {
        try {
            Path log = dir.resolve("mosquitto.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override public void close() throws InterruptedException {
        stop();
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("openssl " + String.join(" ", args) + ": " + out);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
