package org.yibao.terminal.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.uplink.FullJitterBackoff;
import org.yibao.outbox.uplink.TlsFiles;
import org.yibao.outbox.uplink.Uplink;
import org.yibao.outbox.uplink.UplinkConfig;
import org.yibao.outbox.wire.Topics;
import org.yibao.provisioning.bundle.BundleApplier;
import org.yibao.provisioning.bundle.BundleChecks;
import org.yibao.provisioning.identity.DeviceKeyStore;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.rotation.CertificateSigningService;
import org.yibao.provisioning.rotation.ProvisionedTls;
import org.yibao.provisioning.rotation.RenewalOutcome;
import org.yibao.provisioning.rotation.RenewalWire;
import org.yibao.provisioning.rotation.UplinkRotation;

/**
 * Certificate rotation against a real Mosquitto with TLS and {@code require_certificate}: the
 * provisioned client certificate is about to expire, the device makes a new key and CSR, the
 * reference centre signs it over the uplink's request/response channel, the new key and
 * certificate become a new snapshot, and the uplink switches to them without losing the backlog.
 * After the old certificate has expired, the broker restarts: the rotated uplink reconnects and
 * delivers, while the old TLS files are refused.
 */
class CertificateRotationTest {
    private static final MessageClass FUND = new MessageClass("FUND", Lane.MESSAGES, true);
    @TempDir Path tmp;

    @Test
    void rotatesBeforeExpiryAndKeepsTheBacklog() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        ProvisionRig rig = new ProvisionRig(data);
        Instant oldExpiry = Instant.now().plusSeconds(25);
        try (TlsMosquitto broker = new TlsMosquitto(tmp.resolve("broker"), rig.ca);
             SqliteDatabase centreDb = SqliteDatabase.open(tmp.resolve("centre.db"));
             ReferenceCentre centre = ReferenceCentre.start(CentreConfig.of(broker.plainUri(), "c1"), ClaimStore.open(centreDb), Clock.systemUTC());
             SqliteDatabase db = SqliteDatabase.open(data.resolve("terminal.db"))) {
            CertificateSigningService signing = new CertificateSigningService(rig.ca, Duration.ofDays(365), Clock.systemUTC());
            centre.handleFromDevice(RenewalWire.SERVICE, (device, body) -> signing.answer(device.deviceId(), body));
            ObjectNode payload = rig.payload("T01", null);
            payload.putArray("brokers").add(broker.tlsUri());
            payload.put("client_cert_pem", Pem.write(rig.ca.issue(rig.device.csr("T01"), Instant.now().minusSeconds(3600), oldExpiry)));
            assertEquals(0, rig.apply(rig.bundle(payload)).exit());
            TlsFiles oldTls = ProvisionedTls.of(new BundleApplier(data, BundleChecks.STRUCTURAL).currentConfig().orElseThrow());
            byte[] identityKey = Files.readAllBytes(data.resolve(DeviceKeyStore.KEY_FILE));
            Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
            Topics topics = new Topics("371502", "P37150200001", "T01");
            AtomicInteger starts = new AtomicInteger();

            try (UplinkRotation rotation = new UplinkRotation(data, Duration.ofHours(1), Duration.ofSeconds(10), tls -> {
                if (starts.getAndIncrement() == 1) {
                    // the switch window: the old uplink is stopped, the new one not yet started
                    try {
                        for (int i = 0; i < 5; i++) append(outbox, "during-switch-" + i);
                        assertEquals(5, backlog(outbox));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return uplink(outbox, broker.tlsUri(), topics, tls);
            })) {
                Eventually.await(Duration.ofSeconds(20), rotation.uplink()::connected, () -> "TLS uplink did not connect: " + broker.log());
                for (int i = 0; i < 3; i++) append(outbox, "before-" + i);
                Eventually.await(Duration.ofSeconds(20), () -> backlog(outbox) == 0, () -> "first claims not acknowledged");

                RenewalOutcome outcome = rotation.rotateIfDue(Instant.now());

                RenewalOutcome.Renewed renewed = assertInstanceOf(RenewalOutcome.Renewed.class, outcome, outcome.toString());
                assertEquals(2, renewed.snapshot());
                assertNotEquals(rig.device.fingerprint(), renewed.fingerprint(), "a new key, made on the device");
                assertTrue(renewed.notAfter().isAfter(Instant.now().plus(Duration.ofDays(300))));
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("current/client.key"))));
                assertTrue(Files.readString(data.resolve("current/config.json")).contains("current/client.key"));
                assertEquals(new String(identityKey), Files.readString(data.resolve(DeviceKeyStore.KEY_FILE)), "the identity key is untouched");
                assertEquals(2, starts.get());
                Eventually.await(Duration.ofSeconds(20), rotation.uplink()::connected, () -> "rotated uplink did not connect: " + broker.log());
                Eventually.await(Duration.ofSeconds(20), () -> backlog(outbox) == 0, () -> "backlog not delivered after the switch");
                Eventually.await(Duration.ofSeconds(10), () -> centre.store().count() == 8, () -> "centre has " + centreCount(centre));
                assertInstanceOf(RenewalOutcome.NotDue.class, rotation.rotateIfDue(Instant.now()));

                while (Instant.now().isBefore(oldExpiry.plusSeconds(2))) Thread.sleep(200);
                broker.stop();
                append(outbox, "after-expiry-1");
                append(outbox, "after-expiry-2");
                broker.start();
                Eventually.await(Duration.ofSeconds(30), () -> backlog(outbox) == 0, () -> "rotated uplink did not deliver after the old certificate expired: " + broker.log());
                Eventually.await(Duration.ofSeconds(10), () -> centre.store().count() == 10, () -> "centre has " + centreCount(centre));
            }
            Uplink withOldCertificate = uplink(outbox, broker.tlsUri(), topics, oldTls);
            try {
                // the refusal is waited for, not a pause guessed long enough for a connect attempt on a busy machine
                Eventually.await(Duration.ofSeconds(20), () -> broker.log().contains("certificate verify failed"), broker::log);
                assertFalse(withOldCertificate.connected(), "the expired certificate must be refused by the broker");
            } finally {
                withOldCertificate.close();
            }
        }
    }

    private static String centreCount(ReferenceCentre centre) {
        try {
            return String.valueOf(centre.store().count());
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static Uplink uplink(Outbox outbox, String uri, Topics topics, TlsFiles tls) {
        return Uplink.start(outbox, UplinkConfig.of(uri, topics, tls).withAckTimeout(Duration.ofSeconds(2)), Clock.systemUTC(),
                new FullJitterBackoff(Duration.ofMillis(50), Duration.ofMillis(500), RandomGenerator.of("L64X128MixRandom")), payload -> { });
    }

    private static void append(Outbox outbox, String text) throws Exception {
        outbox.append(new NewMessage("claim.test", FUND, null, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static long backlog(Outbox outbox) throws Exception {
        return outbox.stats(Lane.MESSAGES).count();
    }
}
