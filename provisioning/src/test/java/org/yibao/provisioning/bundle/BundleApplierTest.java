package org.yibao.provisioning.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.snapshot.SnapshotStore;

class BundleApplierTest {
    @TempDir Path data;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void aGoodBundleBecomesSnapshotOneAndTheConfigInForce(KeyAlgorithm alg) throws Exception {
        BundleRig rig = new BundleRig(data, alg);
        var applied = assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(rig.payload("T01", "b1")), BundleRig.NOW));
        assertEquals(1, applied.snapshot());
        assertEquals("A001", applied.bundle().firstAdmin().opterNo());
        DeviceConfig config = rig.applier().currentConfig().orElseThrow();
        assertEquals("T01", config.deviceId());
        assertEquals("ssl://b1:8883", config.uplink().brokers().getFirst());
        assertEquals(data.toAbsolutePath(), config.dataDir());
        assertTrue(Files.exists(config.resolve(config.uplink().tls().orElseThrow().clientCert())));
        assertTrue(Files.exists(config.resolve(config.uplink().tls().orElseThrow().clientKey())));
        assertInstanceOf(DeviceConfig.CardReader.Simulated.class, config.devices().cardReader());
    }

    @Test
    void theSameBundleTwiceIsANoOp() throws Exception {
        BundleRig rig = new BundleRig(data, KeyAlgorithm.EC);
        byte[] bundle = rig.sign(rig.payload("T01", "b1"));
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(bundle, BundleRig.NOW));
        Map<String, byte[]> before = tree();
        assertEquals(1, ((ApplyOutcome.AlreadyApplied) rig.applier().apply(bundle, BundleRig.NOW)).snapshot());
        assertSameFiles(before, tree());
    }

    private void refusedWithPreviousConfigIntact(BundleRig rig, byte[] bad, ProvisionReason expected) throws IOException {
        Map<String, byte[]> before = tree();
        var refused = assertInstanceOf(ApplyOutcome.Refused.class, rig.applier().apply(bad, BundleRig.NOW));
        assertEquals(expected, refused.problems().getFirst().reason(), refused.problems().toString());
        assertSameFiles(before, tree());
    }

    @Test
    void everyBadBundleIsRefusedAndThePreviousConfigurationStaysByteForByte() throws Exception {
        BundleRig rig = new BundleRig(data, KeyAlgorithm.EC);
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(rig.payload("T01", "b1")), BundleRig.NOW));

        refusedWithPreviousConfigIntact(rig, rig.sign(rig.payload("T01", "b2"), DeviceKey.generate(KeyAlgorithm.EC)), ProvisionReason.BUNDLE_BAD_SIGNATURE);
        byte[] good = rig.sign(rig.payload("T01", "b2"));
        String tampered = new String(good, StandardCharsets.UTF_8).replaceFirst("\"payload\" : \"e", "\"payload\" : \"f");
        refusedWithPreviousConfigIntact(rig, tampered.getBytes(StandardCharsets.UTF_8), ProvisionReason.BUNDLE_BAD_SIGNATURE);
        refusedWithPreviousConfigIntact(rig, rig.sign(with(rig, p -> p.put("device_fingerprint", "00".repeat(32)))), ProvisionReason.BUNDLE_WRONG_DEVICE);
        refusedWithPreviousConfigIntact(rig, rig.sign(with(rig, p -> p.put("device_id", "T02"))), ProvisionReason.BUNDLE_WRONG_DEVICE);
        refusedWithPreviousConfigIntact(rig, rig.sign(with(rig, p -> p.put("not_after", BundleRig.NOW.minus(Duration.ofSeconds(1)).toString()))), ProvisionReason.BUNDLE_EXPIRED);
        refusedWithPreviousConfigIntact(rig, "{\"format\":\"yibao-bundle/1\",".getBytes(StandardCharsets.UTF_8), ProvisionReason.BUNDLE_MALFORMED);
        byte[] notJson = BundleJson.sign("{\"device_id\": ".getBytes(StandardCharsets.UTF_8), rig.root.pair().getPrivate(), KeyAlgorithm.EC);
        refusedWithPreviousConfigIntact(rig, notJson, ProvisionReason.BUNDLE_MALFORMED);
        DeviceKey other = DeviceKey.generate(KeyAlgorithm.EC);
        refusedWithPreviousConfigIntact(rig, rig.sign(with(rig, p -> p.put("client_cert_pem", Pem.write(rig.ca.issue(other.csr("T01"),
                BundleRig.NOW.minus(Duration.ofHours(1)), BundleRig.NOW.plus(Duration.ofDays(30))))))), ProvisionReason.BUNDLE_CERT_MISMATCH);
        ReferenceCa otherCa = ReferenceCa.create(KeyAlgorithm.EC, "other", BundleRig.NOW.minus(Duration.ofDays(1)), BundleRig.NOW.plus(Duration.ofDays(30)));
        refusedWithPreviousConfigIntact(rig, rig.sign(with(rig, p -> p.put("ca_cert_pem", Pem.write(otherCa.certificate())))), ProvisionReason.BUNDLE_BAD_CERT);
        refusedWithPreviousConfigIntact(rig, rig.sign(with(rig, p -> ((ObjectNode) p.get("trust_file")).putArray("keys"))), ProvisionReason.BUNDLE_BAD_TRUST_FILE);
        refusedWithPreviousConfigIntact(rig, rig.sign(with(rig, p -> ((ObjectNode) p.get("versions")).put("trust", "t-8"))), ProvisionReason.BUNDLE_BAD_TRUST_FILE);
        refusedWithPreviousConfigIntact(rig, rig.sign(with(rig, p -> ((ObjectNode) p.get("first_admin")).put("one_time_password", "short"))), ProvisionReason.BUNDLE_BAD_OPERATOR);
        refusedWithPreviousConfigIntact(rig, rig.sign(with(rig, p -> ((ObjectNode) p.get("institution")).put("admdvs", "37"))), ProvisionReason.CONFIG_INVALID);
        assertEquals("ssl://b1:8883", rig.applier().currentConfig().orElseThrow().uplink().brokers().getFirst());
    }

    @Test
    void theVoucherSkewComesFromTheBundleElseStaysAsConfiguredElseIsThirtySeconds() throws Exception {
        BundleRig rig = new BundleRig(data, KeyAlgorithm.EC);
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(rig.payload("T01", "b1")), BundleRig.NOW));
        assertEquals(Duration.ofSeconds(30), rig.applier().currentConfig().orElseThrow().voucher().skew());
        ObjectNode sixty = with(rig, p -> p.putObject("voucher").put("skew_s", 60));
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(sixty), BundleRig.NOW));
        assertEquals(Duration.ofSeconds(60), rig.applier().currentConfig().orElseThrow().voucher().skew());
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(rig.payload("T01", "b3")), BundleRig.NOW));
        assertEquals(Duration.ofSeconds(60), rig.applier().currentConfig().orElseThrow().voucher().skew(), "a bundle without one keeps it");
        refusedWithPreviousConfigIntact(rig, rig.sign(with(rig, p -> p.putObject("voucher").put("skew_s", 7200))), ProvisionReason.CONFIG_INVALID);
    }

    @Test
    void withoutAKeyOrARootNothingIsApplied() throws Exception {
        BundleRig rig = new BundleRig(data, KeyAlgorithm.EC);
        byte[] bundle = rig.sign(rig.payload("T01", "b1"));
        Files.delete(data.resolve(BundleApplier.ROOT_FILE));
        refusedWithPreviousConfigIntact(rig, bundle, ProvisionReason.NO_PROVISIONING_ROOT);
        Files.delete(data.resolve("keys/device.key"));
        refusedWithPreviousConfigIntact(rig, bundle, ProvisionReason.NO_DEVICE_KEY);
    }

    @Test
    void elevenAppliesKeepTenAndRollbackSwitchesBack() throws Exception {
        BundleRig rig = new BundleRig(data, KeyAlgorithm.EC);
        for (int i = 1; i <= 11; i++) {
            var applied = assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(rig.payload("T01", "b" + i)), BundleRig.NOW));
            assertEquals(i, applied.snapshot());
        }
        SnapshotStore store = new SnapshotStore(data);
        assertEquals(java.util.List.of(2, 3, 4, 5, 6, 7, 8, 9, 10, 11), store.numbers());
        assertEquals(11, store.currentNumber().orElseThrow());
        assertTrue(store.switchTo(4));
        assertEquals("ssl://b4:8883", rig.applier().currentConfig().orElseThrow().uplink().brokers().getFirst());
        assertFalse(store.switchTo(1));
        assertEquals(4, store.currentNumber().orElseThrow());
        var next = assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(rig.payload("T01", "b12")), BundleRig.NOW));
        assertEquals(12, next.snapshot());
        assertEquals(java.util.List.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 12), store.numbers());
    }

    private static ObjectNode with(BundleRig rig, Function<ObjectNode, ?> change) {
        ObjectNode p = rig.payload("T01", "b2");
        change.apply(p);
        return p;
    }

    private Map<String, byte[]> tree() throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path p : walk.toList()) {
                String rel = data.relativize(p).toString();
                if (Files.isSymbolicLink(p)) out.put(rel, Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8));
                else if (Files.isRegularFile(p)) out.put(rel, Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
    }
}
