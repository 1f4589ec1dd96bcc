package org.yibao.provisioning.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.rotation.CertificateRenewal;
import org.yibao.provisioning.rotation.CertificateSigningService;
import org.yibao.provisioning.rotation.RenewalOutcome;

/** The device side of certificate rotation on real files: renew when due, and every failure writes nothing. */
class CertificateRenewalTest {
    @TempDir Path data;

    private BundleRig provisioned() throws IOException {
        BundleRig rig = new BundleRig(data, KeyAlgorithm.EC);
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(rig.payload("T01", "b1")), BundleRig.NOW));
        return rig;
    }

    /** The provisioned certificate expires in 365 days: due under a 400-day threshold; the centre issues for 730. */
    private static CertificateSigningService centre(ReferenceCa ca) {
        return centre(ca, Duration.ofDays(730));
    }

    private static CertificateSigningService centre(ReferenceCa ca, Duration validity) {
        return new CertificateSigningService(ca, validity, Clock.fixed(BundleRig.NOW, ZoneOffset.UTC));
    }

    @Test
    void notDueBeforeTheThresholdAndTheCentreIsNotAsked() throws Exception {
        provisioned();
        RenewalOutcome outcome = new CertificateRenewal(data, Duration.ofDays(30)).renewIfDue(BundleRig.NOW, (s, b) -> {
            throw new AssertionError("asked");
        });
        assertInstanceOf(RenewalOutcome.NotDue.class, outcome);
    }

    @Test
    void renewsWithANewKeyAsANewSnapshot() throws Exception {
        BundleRig rig = provisioned();
        RenewalOutcome outcome = new CertificateRenewal(data, Duration.ofDays(400)).renewIfDue(BundleRig.NOW,
                (service, body) -> centre(rig.ca).answer("T01", body));
        RenewalOutcome.Renewed renewed = assertInstanceOf(RenewalOutcome.Renewed.class, outcome, outcome.toString());
        assertEquals(2, renewed.snapshot());
        String cert = Files.readString(data.resolve("current/client.pem"));
        String key = Files.readString(data.resolve("current/client.key"));
        assertEquals(renewed.fingerprint(), DeviceKey.fingerprint(Pem.certificate(cert).getPublicKey()));
        assertTrue(!renewed.fingerprint().equals(rig.device.fingerprint()), "a new key");
        assertTrue(Pem.privateKey(key) != null);
        assertArrayEquals(Files.readAllBytes(data.resolve("snapshots/0001/bundle.json")), Files.readAllBytes(data.resolve("current/bundle.json")));
        assertEquals(rig.device.fingerprint(), DeviceKey.fingerprint(Pem.certificate(Files.readString(data.resolve("snapshots/0001/client.pem"))).getPublicKey()),
                "the previous snapshot keeps the old certificate for a rollback");
    }

    @Test
    void everyFailureLeavesTheFilesAsTheyWere() throws Exception {
        BundleRig rig = provisioned();
        CertificateRenewal renewal = new CertificateRenewal(data, Duration.ofDays(400));
        Map<String, byte[]> before = tree();
        ReferenceCa otherCa = ReferenceCa.create(KeyAlgorithm.EC, "other", BundleRig.NOW.minusSeconds(60), BundleRig.NOW.plus(Duration.ofDays(10)));

        failed(renewal.renewIfDue(BundleRig.NOW, (s, b) -> {
            throw new java.util.concurrent.TimeoutException("no answer");
        }), "中心未应答");
        failed(renewal.renewIfDue(BundleRig.NOW, (s, b) -> "{\"error\":\"refused\"}".getBytes(StandardCharsets.UTF_8)), "中心拒绝");
        failed(renewal.renewIfDue(BundleRig.NOW, (s, b) -> centre(otherCa).answer("T01", b)), "无效");
        DeviceKey stranger = DeviceKey.generate(KeyAlgorithm.EC);
        failed(renewal.renewIfDue(BundleRig.NOW, (s, b) -> ("{\"client_cert_pem\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(
                Pem.write(rig.ca.issue(stranger.csr("T01"), BundleRig.NOW.minusSeconds(60), BundleRig.NOW.plus(Duration.ofDays(30))))) + "}")
                .getBytes(StandardCharsets.UTF_8)), "不是新密钥");
        assertEquals(before.keySet(), tree().keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, tree().get(name), name));
    }

    @Test
    void refusesACertificateThatWouldBeDueAgainAtTheNextCheck() throws Exception {
        BundleRig rig = provisioned();
        Map<String, byte[]> before = tree();
        CertificateRenewal renewal = new CertificateRenewal(data, Duration.ofDays(400));

        RenewalOutcome outcome = renewal.renewIfDue(BundleRig.NOW, (s, b) -> centre(rig.ca, Duration.ofDays(399)).answer("T01", b));

        failed(outcome, "1935");
        failed(outcome, "续期阈值 400 天");
        assertEquals(before.keySet(), tree().keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, tree().get(name), name));
        assertInstanceOf(RenewalOutcome.Renewed.class,
                renewal.renewIfDue(BundleRig.NOW, (s, b) -> centre(rig.ca, Duration.ofDays(401)).answer("T01", b)),
                "one day beyond the threshold is accepted");
    }

    @Test
    void theCentreRefusesACsrInAnotherDevicesName() throws Exception {
        BundleRig rig = provisioned();
        DeviceKey key = DeviceKey.generate(KeyAlgorithm.EC);
        byte[] request = ("{\"csr_pem\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(Pem.write(key.csr("T02"))) + "}")
                .getBytes(StandardCharsets.UTF_8);

        String refused = new String(centre(rig.ca).answer("T01", request), StandardCharsets.UTF_8);
        String issued = new String(centre(rig.ca).answer("T02", request), StandardCharsets.UTF_8);

        assertTrue(refused.contains("\"error\"") && refused.contains("不是申请设备 T01"), refused);
        assertTrue(issued.contains("client_cert_pem"), issued);
    }

    private static void failed(RenewalOutcome outcome, String why) {
        RenewalOutcome.Failed failed = assertInstanceOf(RenewalOutcome.Failed.class, outcome, outcome.toString());
        assertTrue(failed.why().contains(why), failed.why());
    }

    private Map<String, byte[]> tree() {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path p : walk.toList()) {
                String name = data.relativize(p).toString();
                if (Files.isSymbolicLink(p)) files.put(name, ("-> " + Files.readSymbolicLink(p)).getBytes(StandardCharsets.UTF_8));
                else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) files.put(name, Files.readAllBytes(p));
                else files.put(name + "/", new byte[0]);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return files;
    }
}
