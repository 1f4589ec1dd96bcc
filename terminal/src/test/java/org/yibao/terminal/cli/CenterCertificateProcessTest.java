package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.testing.MosquittoBroker;
import org.yibao.outbox.uplink.FullJitterBackoff;
import org.yibao.outbox.uplink.Uplink;
import org.yibao.outbox.uplink.UplinkConfig;
import org.yibao.outbox.wire.Topics;
import org.yibao.provisioning.bundle.ReferenceCa;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.rotation.CertificateRenewal;
import org.yibao.provisioning.rotation.RenewalOutcome;
import org.yibao.provisioning.rotation.RenewalWire;
import org.yibao.terminal.provision.ProvisionRig;
import picocli.CommandLine;

/**
 * {@code terminal center --ca-cert FILE --ca-key FILE --cert-days N} as its own process, on a real
 * Mosquitto: it loads the reference CA from the PEM files, refuses a CSR naming another device
 * than the one asking (the device id of the request topic), and renews the certificate of the
 * asking device (a provisioned device's {@link CertificateRenewal} over its uplink). CA files that
 * do not fit are refused before anything starts.
 */
class CenterCertificateProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    @Test
    void loadsTheCaFromFilesRefusesAnotherDevicesCsrAndRenewsTheAskingDevice() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        ProvisionRig rig = new ProvisionRig(data);
        ObjectNode payload = rig.payload("T01", null);
        payload.put("client_cert_pem", Pem.write(rig.ca.issue(rig.device.csr("T01"), Instant.now().minusSeconds(3600),
                Instant.now().plus(Duration.ofDays(10)))));
        assertEquals(0, rig.apply(rig.bundle(payload)).exit());
        Path caCert = Files.writeString(tmp.resolve("ca.pem"), Pem.write(rig.ca.certificate()));
        Path caKey = Files.writeString(tmp.resolve("ca.key"), Pem.write(rig.ca.keyPair().getPrivate()));

        try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectories(tmp.resolve("broker")));
             SqliteDatabase db = SqliteDatabase.open(tmp.resolve("terminal.db"))) {
            CliProcess centre = CliProcess.start(Map.of(), "center", "--broker", broker.uri(), "--db", tmp.resolve("centre.db").toString(),
                    "--ca-cert", caCert.toString(), "--ca-key", caKey.toString(), "--cert-days", "90");
            Uplink uplink = null;
            try {
                String started = centre.nextOut();
                assertNotNull(started, "centre did not start");
                assertTrue(started.contains("cert-days=90"), started);
                Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
                uplink = Uplink.start(outbox, UplinkConfig.of(broker.uri(), new Topics("371502", "P37150200001", "T01")), Clock.systemUTC(),
                        new FullJitterBackoff(Duration.ofMillis(50), Duration.ofMillis(400), RandomGenerator.getDefault()), p -> { });
                Uplink device = uplink;
                Eventually.await(Duration.ofSeconds(20), device::connected, () -> "uplink never connected");

                String otherCsr = Pem.write(DeviceKey.generate(KeyAlgorithm.EC).csr("T02"));
                byte[] refused = ask(device, RenewalWire.SERVICE, JSON.createObjectNode().put("csr_pem", otherCsr).toString().getBytes(StandardCharsets.UTF_8));
                String error = JSON.readTree(refused).path("error").asText();
                assertTrue(error.contains("不是申请设备 T01"), new String(refused, StandardCharsets.UTF_8));
                assertTrue(JSON.readTree(refused).path("client_cert_pem").isMissingNode());

                RenewalOutcome outcome = new CertificateRenewal(data, Duration.ofDays(30)).renewIfDue(Instant.now(), (s, b) -> ask(device, s, b));

                RenewalOutcome.Renewed renewed = assertInstanceOf(RenewalOutcome.Renewed.class, outcome, outcome.toString());
                X509Certificate cert = Pem.certificate(Files.readString(data.resolve("current/client.pem")));
                cert.verify(rig.ca.certificate().getPublicKey());
                assertTrue(cert.getSubjectX500Principal().getName().contains("CN=T01"), cert.getSubjectX500Principal().getName());
                Duration life = Duration.between(Instant.now(), renewed.notAfter());
                assertTrue(life.compareTo(Duration.ofDays(89)) > 0 && life.compareTo(Duration.ofDays(91)) < 0, "--cert-days 90: " + life);
                assertNotEquals(rig.device.fingerprint(), renewed.fingerprint());
            } finally {
                if (uplink != null) uplink.close();
                centre.terminate();
            }
        }
    }

    @Test
    void caFilesThatDoNotFitAreRefusedBeforeAnythingStarts() throws Exception {
        ReferenceCa ca = ReferenceCa.create(KeyAlgorithm.EC, "ca", Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(30)));
        Path caCert = Files.writeString(tmp.resolve("ca.pem"), Pem.write(ca.certificate()));
        Path otherKey = Files.writeString(tmp.resolve("other.key"), Pem.write(DeviceKey.generate(KeyAlgorithm.EC).pair().getPrivate()));
        Path db = tmp.resolve("centre.db");
        String unreachable = "tcp://127.0.0.1:1";

        String[] wrongKey = run("center", "--broker", unreachable, "--db", db.toString(), "--ca-cert", caCert.toString(), "--ca-key", otherKey.toString());
        String[] keyMissing = run("center", "--broker", unreachable, "--db", db.toString(), "--ca-cert", caCert.toString());
        String[] notACert = run("center", "--broker", unreachable, "--db", db.toString(), "--ca-cert", otherKey.toString(), "--ca-key", otherKey.toString());

        assertEquals("2", wrongKey[0], wrongKey[1]);
        assertTrue(wrongKey[1].contains("私钥与 CA 证书不匹配"), wrongKey[1]);
        assertEquals("2", keyMissing[0], keyMissing[1]);
        assertTrue(keyMissing[1].contains("--ca-cert 与 --ca-key 须同时给出"), keyMissing[1]);
        assertEquals("2", notACert[0], notACert[1]);
        assertTrue(notACert[1].contains("不是证书"), notACert[1]);
        assertTrue(Files.notExists(db), "nothing started, no database made");
    }

    private static byte[] ask(Uplink uplink, String service, byte[] body) throws Exception {
        return uplink.request(service, body, Duration.ofSeconds(10)).get(12, TimeUnit.SECONDS);
    }

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new String[] {String.valueOf(exit), err.toString()};
    }
}
