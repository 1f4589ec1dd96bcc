package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.rotation.CertificateSigningService;
import org.yibao.provisioning.rotation.RenewalWire;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.provision.ProvisionRig;
import org.yibao.terminal.provision.TlsMosquitto;

/**
 * {@code terminal run} as its own process renews a client certificate that expires within the
 * threshold: over its TLS uplink (real Mosquitto, require_certificate) the reference centre signs
 * the device's new CSR, the new snapshot is written, the service exits 75 for systemd to restart
 * it, and started again it connects with the new certificate.
 */
class RunCertificateRenewalProcessTest {
    @TempDir Path tmp;

    @Test
    void renewsOverTheUplinkAndRestartsOnTheNewCertificate() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path files = DemoFiles.copyTo(tmp.resolve("files"));
        ProvisionRig rig = new ProvisionRig(data);
        try (TlsMosquitto broker = new TlsMosquitto(tmp.resolve("broker"), rig.ca);
             SqliteDatabase centreDb = SqliteDatabase.open(tmp.resolve("centre.db"));
             ReferenceCentre centre = ReferenceCentre.start(CentreConfig.of(broker.plainUri(), "c1"), ClaimStore.open(centreDb), Clock.systemUTC())) {
            CertificateSigningService signing = new CertificateSigningService(rig.ca, Duration.ofDays(365), Clock.systemUTC());
            centre.handleFromDevice(RenewalWire.SERVICE, (device, body) -> signing.answer(device.deviceId(), body));
            ObjectNode payload = rig.payload("T01", null);
            payload.putArray("brokers").add(broker.tlsUri());
            payload.put("client_cert_pem", Pem.write(rig.ca.issue(rig.device.csr("T01"), Instant.now().minusSeconds(3600),
                    Instant.now().plus(Duration.ofDays(10)))));
            assertEquals(0, rig.apply(rig.bundle(payload)).exit());
            Path config = Files.writeString(tmp.resolve("terminal.yaml"), """
                    device_id: T01
                    institution: {fixmedins_code: P37150200001, fixmedins_name: 聊城示范大药房, admdvs: "371502", hosp_lv: pharmacy}
                    data_dir: %s
                    policy: %s
                    api: {port: 0}
                    centre: {broker: "%s"}
                    """.formatted(data, files.resolve(DemoFiles.POLICY), broker.tlsUri()));

            CliProcess.Result renewed = CliProcess.start(Map.of(), "run", "--config", config.toString(), "--renew-check-s", "3").finish();

            assertEquals(RunCommand.EXIT_RESTART_FOR_NEW_CERTIFICATE, renewed.exit(), renewed.toString());
            assertTrue(renewed.err().contains("客户端证书已更新（配置快照 2）"), renewed.err());
            String newCert = Files.readString(data.resolve("current/client.pem"));
            assertNotEquals(rig.device.fingerprint(), DeviceKey.fingerprint(Pem.certificate(newCert).getPublicKey()));
            assertTrue(Pem.certificate(newCert).getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(300))));

            long sessionsBefore = sessions(broker);
            CliProcess again = CliProcess.start(Map.of(), "run", "--config", config.toString(), "--renew-check-s", "3");
            try {
                Eventually.await(Duration.ofSeconds(30), () -> sessions(broker) > sessionsBefore, () -> "no new TLS session: " + broker.log());
                Thread.sleep(4000);
            } finally {
                CliProcess.Result stopped = again.terminate();
                assertEquals(143, stopped.exit(), "stopped by SIGTERM, not exited for another renewal: " + stopped);
                assertTrue(!stopped.err().contains("证书已更新"), "valid for 365 days: not renewed again: " + stopped.err());
            }
        }
    }

    private static long sessions(TlsMosquitto broker) {
        return broker.log().lines().filter(l -> l.contains("New client connected") && l.contains(" as T01 ")).count();
    }
}
