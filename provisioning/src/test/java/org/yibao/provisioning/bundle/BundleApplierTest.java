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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yibao.outbox.uplink.TlsFiles;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.config.Problem;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.rotation.ProvisionedTls;
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

    /**
     * A data folder copied or moved (a new card, another mount point) is provisioned where it now
     * lies: its configuration's TLS files are read from it and the key stores written in it, not
     * in the folder the bundle was applied in (which may be gone, or be another device's copy).
     */
    @Test
    void aMovedDataFolderUsesItsOwnTlsFilesNotTheOldPlace() throws Exception {
        Path before = data.resolve("sd-card-1");
        BundleRig rig = new BundleRig(before, KeyAlgorithm.EC);
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(rig.payload("T01", "b1")), BundleRig.NOW));
        Path after = Files.move(before, data.resolve("sd-card-2"));

        DeviceConfig config = new BundleApplier(after, BundleChecks.STRUCTURAL).currentConfig().orElseThrow();

        assertEquals(after.toAbsolutePath(), config.dataDir());
        assertTrue(config.resolve(config.uplink().tls().orElseThrow().clientCert()).startsWith(after));
        TlsFiles stores = ProvisionedTls.of(config);
        assertTrue(stores.keyStore().startsWith(after) && Files.exists(stores.keyStore()), stores.keyStore().toString());
        assertFalse(Files.exists(before), "nothing is written where the folder was");
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
        if (expected.name().startsWith("BUNDLE_")) assertChinese(refused.problems().getFirst());
        assertSameFiles(before, tree());
    }

    /** The detail is Chinese: no Latin word of five or more letters outside key names, file paths, fingerprints and commands. */
    private static void assertChinese(Problem problem) {
        assertTrue(problem.why().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), problem.text());
        String rest = problem.why().replaceAll("[0-9a-f]{16}…", " ").replaceAll("[\\w./\\[\\]-]*[_./][\\w./\\[\\]-]*", " ")
                .replaceAll("\\b(format|payload|signature|version|keys)\\b", " ").replaceAll("provision [a-z]+", " ");
        assertFalse(Pattern.compile("[A-Za-z]{5,}").matcher(rest).find(), problem.text());
    }

    private Problem refusal(BundleRig rig, byte[] bad) throws IOException {
        var refused = assertInstanceOf(ApplyOutcome.Refused.class, rig.applier().apply(bad, BundleRig.NOW));
        assertChinese(refused.problems().getFirst());
        return refused.problems().getFirst();
    }

    @Test
    void eachRefusalNamesTheKeyAndWhatIsWrongInChinese() throws Exception {
        BundleRig rig = new BundleRig(data, KeyAlgorithm.EC);
        assertEquals("1920 配置包格式错误：第 1 行第 28 列：内容不完整（括号或引号未闭合）",
                refusal(rig, "{\"format\":\"yibao-bundle/1\",".getBytes(StandardCharsets.UTF_8)).text());
        assertEquals("1920 配置包格式错误：format: 须为 yibao-bundle/1",
                refusal(rig, "{\"format\":\"x\",\"payload\":\"e30\",\"signature\":\"e30\"}".getBytes(StandardCharsets.UTF_8)).text());
        assertEquals("1920 配置包格式错误：signature: 缺少或不是字符串",
                refusal(rig, "{\"format\":\"yibao-bundle/1\",\"payload\":\"e30\"}".getBytes(StandardCharsets.UTF_8)).text());
        assertEquals("1920 配置包格式错误：payload: 不是有效的 base64url 编码",
                refusal(rig, "{\"format\":\"yibao-bundle/1\",\"payload\":\"*\",\"signature\":\"e30\"}".getBytes(StandardCharsets.UTF_8)).text());
        assertEquals("1921 配置包签名无效：signature: 用本机的配置根公钥 trust/provisioning-root.pub.pem 验证不通过",
                refusal(rig, rig.sign(rig.payload("T01", "b2"), DeviceKey.generate(KeyAlgorithm.EC))).text());
        byte[] notJson = BundleJson.sign("{\"device_id\": ".getBytes(StandardCharsets.UTF_8), rig.root.pair().getPrivate(), KeyAlgorithm.EC);
        assertEquals("1920 配置包格式错误：payload: 第 1 行第 15 列：内容不完整（括号或引号未闭合）", refusal(rig, notJson).text());
        byte[] array = BundleJson.sign("[]".getBytes(StandardCharsets.UTF_8), rig.root.pair().getPrivate(), KeyAlgorithm.EC);
        assertEquals("1920 配置包格式错误：payload: 须为 JSON 对象", refusal(rig, array).text());
        assertTrue(refusal(rig, rig.sign(with(rig, p -> p.put("device_fingerprint", "00".repeat(32))))).text()
                .startsWith("1922 配置包不是发给本机的：device_fingerprint: 发给设备密钥 0000000000000000…，本机为 "));
        assertEquals("1920 配置包格式错误：not_after: 须为 ISO-8601 时间（如 2030-01-01T00:00:00Z），实为 2026-13-01",
                refusal(rig, rig.sign(with(rig, p -> p.put("not_after", "2026-13-01")))).text());
        assertEquals("1923 配置包已过期：not_after: 有效期至 2026-11-23T07:59:59Z，已过期",
                refusal(rig, rig.sign(with(rig, p -> p.put("not_after", BundleRig.NOW.minus(Duration.ofSeconds(1)).toString())))).text());
        assertEquals("1920 配置包格式错误：issued_at: 缺少该键",
                refusal(rig, rig.sign(with(rig, p -> p.remove("issued_at")))).text());
        assertEquals("1920 配置包格式错误：issued_at: 须为 ISO-8601 时间（如 2026-12-04T08:00:00Z），实为 1764835200",
                refusal(rig, rig.sign(with(rig, p -> p.put("issued_at", 1764835200L)))).text());
        assertEquals("1925 证书无效或已过期：ca_cert_pem: 不是 PEM 格式的证书",
                refusal(rig, rig.sign(with(rig, p -> p.put("ca_cert_pem", "garbage")))).text());
        assertEquals("1925 证书无效或已过期：client_cert_pem: 不是 PEM 格式的证书",
                refusal(rig, rig.sign(with(rig, p -> p.remove("client_cert_pem")))).text());
        ReferenceCa otherCa = ReferenceCa.create(KeyAlgorithm.EC, "other", BundleRig.NOW.minus(Duration.ofDays(1)), BundleRig.NOW.plus(Duration.ofDays(30)));
        assertEquals("1925 证书无效或已过期：client_cert_pem: 不是由 ca_cert_pem 中的 CA 签发的",
                refusal(rig, rig.sign(with(rig, p -> p.put("ca_cert_pem", Pem.write(otherCa.certificate()))))).text());
        String expired = Pem.write(rig.ca.issue(rig.device.csr("T01"), BundleRig.NOW.minus(Duration.ofDays(2)), BundleRig.NOW.minus(Duration.ofDays(1))));
        assertTrue(refusal(rig, rig.sign(with(rig, p -> p.put("client_cert_pem", expired)))).text()
                .startsWith("1925 证书无效或已过期：client_cert_pem: 有效期至 2026-11-22T08:00"), "expired");
        String early = Pem.write(rig.ca.issue(rig.device.csr("T01"), BundleRig.NOW.plus(Duration.ofDays(1)), BundleRig.NOW.plus(Duration.ofDays(2))));
        assertTrue(refusal(rig, rig.sign(with(rig, p -> p.put("client_cert_pem", early)))).text()
                .startsWith("1925 证书无效或已过期：client_cert_pem: 自 2026-11-24T08:00"), "not yet valid");
        assertEquals("1926 电子凭证信任文件无效：trust_file: 缺少该键",
                refusal(rig, rig.sign(with(rig, p -> p.remove("trust_file")))).text());
        assertEquals("1926 电子凭证信任文件无效：trust_file: 须为 JSON 对象",
                refusal(rig, rig.sign(with(rig, p -> p.put("trust_file", "t-7")))).text());
        assertEquals("1926 电子凭证信任文件无效：trust_file: 须有字符串 version 和非空的 keys 数组",
                refusal(rig, rig.sign(with(rig, p -> ((ObjectNode) p.get("trust_file")).putArray("keys")))).text());
        assertEquals("1926 电子凭证信任文件无效：versions.trust: 为 t-8，与 trust_file.version（t-7）不一致",
                refusal(rig, rig.sign(with(rig, p -> ((ObjectNode) p.get("versions")).put("trust", "t-8")))).text());
        assertEquals("1927 首个管理员信息无效：first_admin.name: 缺少或不是字符串",
                refusal(rig, rig.sign(with(rig, p -> ((ObjectNode) p.get("first_admin")).remove("name")))).text());
        assertEquals("1927 首个管理员信息无效：first_admin: one_time_password 至少 8 个字符",
                refusal(rig, rig.sign(with(rig, p -> ((ObjectNode) p.get("first_admin")).put("one_time_password", "short")))).text());
        assertEquals("1927 首个管理员信息无效：first_admin: opter_no 须为 1 至 20 位字母、数字、_ 或 -",
                refusal(rig, rig.sign(with(rig, p -> ((ObjectNode) p.get("first_admin")).put("opter_no", "A 1")))).text());
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
        refusedWithPreviousConfigIntact(rig, rig.sign(with(rig, p -> p.remove("issued_at"))), ProvisionReason.BUNDLE_MALFORMED);
        refusedWithPreviousConfigIntact(rig, rig.sign(with(rig, p -> p.put("issued_at", BundleRig.NOW.minusSeconds(1).toString()))), ProvisionReason.BUNDLE_OLDER);
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
    void theModeComesFromTheBundleElseStaysAsConfiguredElseIsACounter() throws Exception {
        BundleRig rig = new BundleRig(data, KeyAlgorithm.EC);
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(rig.payload("T01", "b1")), BundleRig.NOW));
        assertEquals(DeviceConfig.Mode.COUNTER, rig.applier().currentConfig().orElseThrow().mode());
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(with(rig, p -> p.put("mode", "kiosk"))), BundleRig.NOW));
        assertEquals(DeviceConfig.Mode.KIOSK, rig.applier().currentConfig().orElseThrow().mode());
        assertTrue(Files.readString(data.resolve("current").resolve(BundleApplier.CONFIG)).contains("\"mode\" : \"kiosk\""));
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(rig.payload("T01", "b3")), BundleRig.NOW));
        assertEquals(DeviceConfig.Mode.KIOSK, rig.applier().currentConfig().orElseThrow().mode(), "a bundle without one keeps it");
        refusedWithPreviousConfigIntact(rig, rig.sign(with(rig, p -> p.put("mode", "kisok"))), ProvisionReason.CONFIG_INVALID);
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(with(rig, p -> p.put("mode", "counter"))), BundleRig.NOW));
        assertEquals(DeviceConfig.Mode.COUNTER, rig.applier().currentConfig().orElseThrow().mode(), "the centre may make it a counter again");
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
    void aBundleIssuedBeforeTheOneInForceIsRefusedUntilARollbackPutsAnOlderOneInForce() throws Exception {
        BundleRig rig = new BundleRig(data, KeyAlgorithm.EC);
        byte[] monday = rig.sign(issued(rig, "b1", "2026-11-16T08:00:00Z"));
        byte[] tuesday = rig.sign(issued(rig, "b2", "2026-11-17T08:00:00Z"));
        byte[] wednesday = rig.sign(issued(rig, "b3", "2026-11-18T08:00:00Z"));
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(monday, BundleRig.NOW));
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(wednesday, BundleRig.NOW));

        refusedWithPreviousConfigIntact(rig, tuesday, ProvisionReason.BUNDLE_OLDER);
        assertEquals("1928 配置包早于本机正在使用的配置包，未应用：issued_at: 签发于 2026-11-17T08:00:00Z，本机正在使用的配置包签发于 "
                + "2026-11-18T08:00:00Z；如确需回到旧配置，请用 provision rollback 切换到保留的快照", refusal(rig, tuesday).text());
        refusedWithPreviousConfigIntact(rig, monday, ProvisionReason.BUNDLE_OLDER);
        assertInstanceOf(ApplyOutcome.AlreadyApplied.class, rig.applier().apply(wednesday, BundleRig.NOW));
        byte[] sameInstant = rig.sign(issued(rig, "b4", "2026-11-18T08:00:00Z"));
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(sameInstant, BundleRig.NOW), "issued the same second: not older");

        assertTrue(new SnapshotStore(data).switchTo(1), "the technician's rollback to Monday's bundle");
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(tuesday, BundleRig.NOW));
        assertEquals("ssl://b2:8883", rig.applier().currentConfig().orElseThrow().uplink().brokers().getFirst());
    }

    @Test
    void aBundleInForceFromBeforeIssueTimesDoesNotHoldBackTheNextOne() throws Exception {
        BundleRig rig = new BundleRig(data, KeyAlgorithm.EC);
        ObjectNode old = rig.payload("T01", "b1");
        old.remove("issued_at");
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put(BundleApplier.CONFIG, BundleJson.MAPPER.writeValueAsBytes(Map.of()));
        files.put(BundleApplier.BUNDLE, rig.sign(old));
        new SnapshotStore(data).commit(files);
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(issued(rig, "b2", "2020-01-01T00:00:00Z")), BundleRig.NOW));
    }

    /**
     * A bundle.json in force that a disk fault cut short is no bundle to compare with: a verified
     * new bundle is applied (and repairs the device), it does not fail with a parser's stack trace.
     */
    @Test
    void aDamagedBundleFileInForceDoesNotStopTheNextBundle() throws Exception {
        BundleRig rig = new BundleRig(data, KeyAlgorithm.EC);
        assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(rig.sign(rig.payload("T01", "b1")), BundleRig.NOW));
        Files.writeString(data.resolve("current").resolve(BundleApplier.BUNDLE), "{\"format\":\"yibao-bundle/1\",\"payl");

        ApplyOutcome outcome = rig.applier().apply(rig.sign(rig.payload("T01", "b2")), BundleRig.NOW);

        assertEquals(2, assertInstanceOf(ApplyOutcome.Applied.class, outcome).snapshot());
        assertEquals("ssl://b2:8883", rig.applier().currentConfig().orElseThrow().uplink().brokers().getFirst());
    }

    private static ObjectNode issued(BundleRig rig, String broker, String issuedAt) {
        ObjectNode p = rig.payload("T01", broker);
        p.put("issued_at", issuedAt);
        return p;
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

    /**
     * A CA certificate that has expired is refused even when the client certificate it issued is
     * still within its dates: the uplink's handshake would fail on the CA all the same.
     */
    @Test
    void anExpiredCaIsRefusedThoughItsClientCertificateIsStillValid() throws Exception {
        BundleRig rig = new BundleRig(data, KeyAlgorithm.EC);
        ReferenceCa old = ReferenceCa.create(KeyAlgorithm.EC, "old CA", BundleRig.NOW.minus(Duration.ofDays(30)), BundleRig.NOW.minus(Duration.ofDays(1)));
        String client = Pem.write(old.issue(rig.device.csr("T01"), BundleRig.NOW.minus(Duration.ofDays(2)), BundleRig.NOW.plus(Duration.ofDays(30))));
        Problem refused = refusal(rig, rig.sign(with(rig, p -> p.put("ca_cert_pem", Pem.write(old.certificate())).put("client_cert_pem", client))));
        assertEquals("ca_cert_pem", refused.path());
        assertTrue(refused.why().endsWith("，已过期"), refused.text());
    }

    /** A one-time password of eight characters, the least the first admin's may have, is taken. */
    @Test
    void aFirstAdminPasswordOfEightCharactersIsTaken() throws Exception {
        BundleRig rig = new BundleRig(data, KeyAlgorithm.EC);
        byte[] bundle = rig.sign(with(rig, p -> ((ObjectNode) p.get("first_admin")).put("one_time_password", "Chu-2026")));
        var applied = assertInstanceOf(ApplyOutcome.Applied.class, rig.applier().apply(bundle, BundleRig.NOW));
        assertEquals(8, applied.bundle().firstAdmin().oneTimePassword().length);
        Problem seven = refusal(rig, rig.sign(with(rig, p -> ((ObjectNode) p.get("first_admin")).put("one_time_password", "Chu-202"))));
        assertEquals("first_admin", seven.path());
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
