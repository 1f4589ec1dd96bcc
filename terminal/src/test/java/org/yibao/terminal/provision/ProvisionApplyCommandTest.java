package org.yibao.terminal.provision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.terminal.operator.LockoutPolicy;
import org.yibao.terminal.operator.Operator;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.Operators;
import org.yibao.terminal.operator.PasswordHasher;
import org.yibao.terminal.operator.Role;

/** {@code terminal provision apply} and {@code provision status} on real files and a real SQLite operator store. */
class ProvisionApplyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;

    private ProvisionRig rig() throws IOException {
        return new ProvisionRig(Files.createDirectories(tmp.resolve("data")));
    }

    @Test
    void appliesTheBundleAndCreatesTheFirstAdminBoundToChangeTheOneTimePassword() throws Exception {
        ProvisionRig rig = rig();
        ProvisionRig.Run run = rig.apply(rig.bundle(rig.payload("T01", null)));

        assertEquals(0, run.exit(), run.toString());
        JsonNode answer = JSON.readTree(run.out());
        assertEquals("applied", answer.path("result").asText(), run.out());
        assertEquals(1, answer.path("snapshot").asInt());
        assertEquals("created", answer.path("first_admin").path("result").asText());
        assertFalse(run.out().contains("Chu-Shi"), "the one-time password is never printed");
        try (SqliteDatabase db = SqliteDatabase.open(rig.data.resolve("terminal.db"))) {
            Operators operators = Operators.open(db, new PasswordHasher(), LockoutPolicy.DEFAULT, Clock.systemUTC());
            Operator admin = operators.find("A001").orElseThrow();
            assertEquals(Role.ADMIN, admin.role());
            assertTrue(admin.mustChangePassword());
            assertTrue(operators.checkSignIn("A001", "wrong-pass-1".toCharArray()) instanceof OperatorOutcome.Refused<Operator>);
        }
        assertTrue(Files.isSymbolicLink(rig.data.resolve("current")));
        assertTrue(Files.exists(rig.data.resolve("current/client.pem")));
    }

    @Test
    void theSameBundleTwiceChangesNothing() throws Exception {
        ProvisionRig rig = rig();
        Path bundle = rig.bundle(rig.payload("T01", null));
        assertEquals(0, rig.apply(bundle).exit());
        Map<String, byte[]> before = tree(rig.data);
        String operatorsBefore = operators(rig.data);

        ProvisionRig.Run again = rig.apply(bundle);

        assertEquals(0, again.exit(), again.toString());
        JsonNode answer = JSON.readTree(again.out());
        assertEquals("already_applied", answer.path("result").asText());
        assertEquals(1, answer.path("snapshot").asInt());
        assertEquals("already_present", answer.path("first_admin").path("result").asText());
        assertTrue(answer.path("first_admin").path("must_change_password").asBoolean(),
                "the admin has not changed the one-time password yet, as operator list says: " + answer);
        assertSameFiles(before, tree(rig.data));
        assertEquals(operatorsBefore, operators(rig.data));
    }

    /** A device with snapshots 0001 and 0002 (another policy version), 0002 in force. */
    private ProvisionRig withTwoSnapshots() throws Exception {
        ProvisionRig rig = rig();
        assertEquals(0, rig.apply(rig.bundle(rig.payload("T01", null))).exit());
        ObjectNode second = rig.payload("T01", null);
        ((ObjectNode) second.get("versions")).put("policy", "371500-2026.2");
        assertEquals(0, rig.apply(rig.bundle(second)).exit());
        return rig;
    }

    @Test
    void rollbackToADamagedSnapshotIsRefusedAndTheOneInForceStays() throws Exception {
        ProvisionRig rig = withTwoSnapshots();
        Path one = rig.data.resolve("snapshots/0001");
        byte[] config = Files.readAllBytes(one.resolve("config.json"));
        Files.write(one.resolve("config.json"), java.util.Arrays.copyOf(config, config.length / 2)); // cut short
        Files.delete(one.resolve("client.pem"));

        ProvisionRig.Run refused = ProvisionRig.cli("provision", "rollback", "--data-dir", rig.data.toString(), "1");

        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.out().startsWith("{\"term_errcode\":\"1933\",\"err_msg\":\"配置快照不完整或已损坏，未切换：1：config.json：1901 "),
                refused.out());
        assertTrue(refused.out().contains("client.pem：文件缺失"), refused.out());
        assertEquals("0002", Files.readSymbolicLink(rig.data.resolve("current")).getFileName().toString(), "the snapshot in force stays");

        Files.write(one.resolve("config.json"), config);
        Files.copy(rig.data.resolve("snapshots/0002/client.pem"), one.resolve("client.pem"));
        ProvisionRig.Run whole = ProvisionRig.cli("provision", "rollback", "--data-dir", rig.data.toString(), "1");
        assertEquals(0, whole.exit(), whole.toString());
        assertEquals("0001", Files.readSymbolicLink(rig.data.resolve("current")).getFileName().toString());
    }

    /**
     * A snapshot whose client certificate has expired since it was written (the one a renewal
     * replaced) could not connect to the broker, and a device that cannot connect cannot renew:
     * rollback refuses it with the expiry, and the snapshot in force stays.
     */
    @Test
    void rollbackToASnapshotWhoseClientCertificateHasExpiredIsRefused() throws Exception {
        ProvisionRig rig = withTwoSnapshots();
        Path one = rig.data.resolve("snapshots/0001");
        Files.writeString(one.resolve("client.pem"), org.yibao.provisioning.identity.Pem.write(rig.ca.issue(
                rig.device.csr("T01"), rig.now.minus(Duration.ofHours(20)), rig.now.minus(Duration.ofHours(1)))));

        ProvisionRig.Run refused = ProvisionRig.cli("provision", "rollback", "--data-dir", rig.data.toString(), "1");

        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.out().startsWith("{\"term_errcode\":\"1934\",\"err_msg\":\"配置快照中的证书已过期")
                && refused.out().contains("client.pem：有效期至 "), refused.out());
        assertEquals("0002", Files.readSymbolicLink(rig.data.resolve("current")).getFileName().toString(), "the snapshot in force stays");
    }

    @Test
    void refusalsPrintTheCodeAndLeaveEveryFileAsItWas() throws Exception {
        ProvisionRig rig = rig();
        assertEquals(0, rig.apply(rig.bundle(rig.payload("T01", null))).exit());
        Map<String, byte[]> before = tree(rig.data);
        String operatorsBefore = operators(rig.data);

        ObjectNode otherDevice = rig.payload("T01", null).put("device_fingerprint", "00".repeat(32));
        refused(rig, rig.bundle(otherDevice), "1922", before);
        refused(rig, rig.bundle(rig.payload("T01", null), DeviceKey.generate(KeyAlgorithm.EC), "forged.json"), "1921", before);
        refused(rig, rig.bundle(rig.payload("T01", null).put("not_after", rig.now.minus(Duration.ofMinutes(1)).toString())), "1923", before);
        ObjectNode weak = rig.payload("T01", null);
        ((ObjectNode) weak.get("first_admin")).put("one_time_password", "aaaaaaaa");
        refused(rig, rig.bundle(weak), "1927", before);
        ObjectNode badTrust = rig.payload("T01", null);
        ((ObjectNode) badTrust.get("trust_file").get("keys").get(0)).put("alg", "RS256");
        refused(rig, rig.bundle(badTrust), "1926", before);
        ObjectNode otherKeyCert = rig.payload("T01", null);
        otherKeyCert.put("client_cert_pem", org.yibao.provisioning.identity.Pem.write(rig.ca.issue(
                DeviceKey.generate(KeyAlgorithm.EC).csr("T01"), rig.now.minus(Duration.ofHours(1)), rig.now.plus(Duration.ofDays(30)))));
        refused(rig, rig.bundle(otherKeyCert), "1924", before);
        Path garbage = Files.writeString(tmp.resolve("garbage.json"), "{not json");
        refused(rig, garbage, "1920", before);
        assertEquals(operatorsBefore, operators(rig.data));
    }

    @Test
    void aRefusalBeforeAnyApplyCreatesNoFile() throws Exception {
        ProvisionRig rig = rig();
        Map<String, byte[]> before = tree(rig.data);
        refused(rig, rig.bundle(rig.payload("T01", null).put("device_fingerprint", "ab".repeat(32))), "1922", before);
        assertFalse(Files.exists(rig.data.resolve("terminal.db")));
    }

    /** The bundle's path naming a folder (the USB stick's folder, not the file in it) is refused 1920 saying so, not "文件不存在". */
    @Test
    void aBundlePathThatIsAFolderIsRefusedSayingItIsAFolder() throws Exception {
        ProvisionRig rig = rig();
        Map<String, byte[]> before = tree(rig.data);
        Path folder = Files.createDirectories(tmp.resolve("usb"));
        rig.bundle(rig.payload("T01", null)); // a real bundle lies somewhere; the folder was given

        ProvisionRig.Run run = rig.apply(folder);

        assertEquals(2, run.exit(), run.toString());
        JsonNode answer = JSON.readTree(run.out());
        assertEquals("1920", answer.path("term_errcode").asText(), run.out());
        String message = answer.path("err_msg").asText();
        assertTrue(message.contains(folder.toString()) && message.contains("是目录，不是文件"), run.out());
        assertFalse(message.contains("文件不存在"), "the folder exists: " + run.out());
        assertSameFiles(before, tree(rig.data));
    }

    /**
     * A damaged terminal.db found as the first admin is created (after the snapshot was written):
     * 1932 (exit 1, as documented) told in Chinese with the quarantine's code and paths, not
     * CorruptDatabaseException's English text; the damaged file is kept, quarantined.
     */
    @Test
    void aDamagedDatabaseAtTheFirstAdminIsToldInChineseWithItsCode() throws Exception {
        ProvisionRig rig = rig();
        Files.writeString(rig.data.resolve("terminal.db"), "这不是数据库\n".repeat(300));

        Path bundle = rig.bundle(rig.payload("T01", null));
        ProvisionRig.Run run = rig.apply(bundle);

        assertEquals(1, run.exit(), run.toString());
        JsonNode answer = JSON.readTree(run.out());
        assertEquals("1932", answer.path("term_errcode").asText(), run.out());
        String message = answer.path("err_msg").asText();
        assertTrue(message.startsWith("配置已应用（快照 1），但首个管理员未能创建：1964 "), run.out());
        assertFalse(message.matches(".*(is corrupt|unreadable|moved to|nothing was deleted|SQLITE_NOTADB|Exception).*"), "no English Java message: " + run.out());
        try (Stream<Path> files = Files.list(rig.data)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("terminal.db.corrupt-") && message.contains(p.toString())),
                    "the quarantined copy is kept and named: " + run.out());
        }

        ProvisionRig.Run again = rig.apply(bundle); // as the message says, once the database is seen to: here it was not

        assertEquals(1, again.exit(), again.toString());
        String second = JSON.readTree(again.out()).path("err_msg").asText();
        assertTrue(second.startsWith("配置已应用（快照 1），但首个管理员未能创建：1965 "), again.out());
        assertFalse(second.matches(".*(does not exist|while its quarantined copy|Exception).*"), "no English Java message: " + again.out());
    }

    @Test
    void statusShowsIdentitySnapshotVersionsCertificateAndBacklog() throws Exception {
        ProvisionRig rig = rig();
        ProvisionRig.Run before = ProvisionRig.cli("provision", "status", "--data-dir", rig.data.toString(), "--json");
        assertEquals(0, before.exit(), before.toString());
        assertFalse(JSON.readTree(before.out()).path("provisioned").asBoolean(), before.out());
        assertEquals(rig.device.fingerprint(), JSON.readTree(before.out()).path("device_key_fingerprint").asText());

        assertEquals(0, rig.apply(rig.bundle(rig.payload("T01", null))).exit());
        try (SqliteDatabase db = SqliteDatabase.open(rig.data.resolve("terminal.db"))) {
            Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
            outbox.append(new NewMessage("claim", new MessageClass("FUND", Lane.MESSAGES, true), null, new byte[] {1, 2, 3}));
        }
        ProvisionRig.Run run = ProvisionRig.cli("provision", "status", "--data-dir", rig.data.toString(), "--json");

        assertEquals(0, run.exit(), run.toString());
        JsonNode s = JSON.readTree(run.out());
        assertTrue(s.path("provisioned").asBoolean());
        assertEquals("T01", s.path("device_id").asText());
        assertEquals("P37150200001", s.path("institution").path("fixmedins_code").asText());
        assertEquals(1, s.path("snapshot").asInt());
        assertEquals(rig.now.toString(), s.path("bundle_issued_at").asText(), "what the technician compares with the centre's bundle");
        assertEquals("371500-2026.1", s.path("versions").path("policy").asText());
        assertEquals("2026-11-01", s.path("versions").path("catalog").asText());
        assertEquals("t-7", s.path("versions").path("trust").asText());
        assertEquals(364, s.path("client_certificate").path("days_left").asLong());
        assertEquals(1, s.path("uplink").path("backlog_count").asLong());
        assertEquals(3, s.path("uplink").path("backlog_bytes").asLong());
        assertEquals("backlog", s.path("uplink").path("state").asText());

        assertEquals("counter", s.path("mode").asText(), "a bundle that names no mode: a counter");

        ProvisionRig.Run text = ProvisionRig.cli("provision", "status", "--data-dir", rig.data.toString());
        assertTrue(text.out().contains("versions.policy: 371500-2026.1"), text.out());
        assertTrue(text.out().contains("uplink.backlog_count: 1"), text.out());
        assertTrue(text.out().contains("mode: counter"), text.out());

        ObjectNode kiosk = rig.payload("T01", null);
        kiosk.put("mode", "kiosk");
        assertEquals(0, rig.apply(rig.bundle(kiosk)).exit());
        ProvisionRig.Run asKiosk = ProvisionRig.cli("provision", "status", "--data-dir", rig.data.toString());
        assertTrue(asKiosk.out().contains("mode: kiosk"), asKiosk.out());
    }

    /**
     * Issue 6: "provision status: what the device is, which snapshot, versions of policy,
     * catalogue and trust file". The bundle's {@code versions} are what the centre asked it to
     * fetch; a technician also needs what is in use (a catalogue imported or sent since).
     */
    @Test
    void statusAlsoShowsTheVersionsInUse() throws Exception {
        ProvisionRig rig = rig();
        assertEquals(0, rig.apply(rig.bundle(rig.payload("T01", null))).exit());
        Path catalog = tmp.resolve("catalog.tsv");
        try (var in = getClass().getResourceAsStream("/examples/catalog.tsv")) {
            Files.copy(in, catalog);
        }
        ProvisionRig.Run imported = ProvisionRig.cli("catalog", "import", "--data-dir", rig.data.toString(), catalog.toString());
        assertEquals(0, imported.exit(), imported.toString());

        ProvisionRig.Run run = ProvisionRig.cli("provision", "status", "--data-dir", rig.data.toString(), "--json");

        assertEquals(0, run.exit(), run.toString());
        JsonNode s = JSON.readTree(run.out());
        assertEquals("2026-11-01", s.path("versions").path("catalog").asText(), "the bundle's, as before");
        JsonNode inUse = s.path("versions_in_use");
        assertEquals("2026.02", inUse.path("catalog").asText(), run.out());
        assertEquals("t-7", inUse.path("trust").asText(), run.out());
        assertEquals("", inUse.path("codemap").asText(), run.out());
        assertFalse(inUse.path("codemap_reason").asText().isBlank(), run.out());
        ProvisionRig.Run text = ProvisionRig.cli("provision", "status", "--data-dir", rig.data.toString());
        assertTrue(text.out().contains("versions_in_use.catalog: 2026.02"), text.out());
    }

    private static void refused(ProvisionRig rig, Path bundle, String code, Map<String, byte[]> before) throws IOException {
        ProvisionRig.Run run = rig.apply(bundle);
        assertEquals(2, run.exit(), run.toString());
        JsonNode answer = JSON.readTree(run.out());
        assertEquals(code, answer.path("term_errcode").asText(), run.out());
        assertFalse(answer.path("err_msg").asText().isBlank());
        assertSameFiles(before, tree(rig.data));
    }

    private static String operators(Path data) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("terminal.db"))) {
            return Operators.open(db, new PasswordHasher(), LockoutPolicy.DEFAULT, Clock.systemUTC()).list().toString();
        }
    }

    /** Every file and link under {@code root} except the SQLite database (its header changes when merely opened). */
    private static Map<String, byte[]> tree(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String name = root.relativize(p).toString();
                if (name.startsWith("terminal.db")) continue;
                if (Files.isSymbolicLink(p)) files.put(name, ("-> " + Files.readSymbolicLink(p)).getBytes());
                else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) files.put(name, Files.readAllBytes(p));
                else files.put(name + "/", new byte[0]);
            }
        }
        return files;
    }

    private static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
    }
}
