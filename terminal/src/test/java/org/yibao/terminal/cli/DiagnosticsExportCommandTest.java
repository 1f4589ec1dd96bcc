package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.catalog.CatalogStore;
import org.yibao.terminal.catalog.ImportRecord;
import org.yibao.terminal.policy.PolicyLoader;

/** The masking proof: personal data planted in logs, configuration and the database never leaves unmasked. */
class DiagnosticsExportCommandTest {

    static final String CERTNO = "371523199001011234";
    static final String CARD_NO = "A37150212345678";
    static final String EC_TOKEN = "ecT0k3nQ9xZ7vB2nM4kL8pW6rY1sD5fG";
    static final String NAME = "欧阳娜娜";
    /** The demo's own card number (张三丰's simulated 社保卡: a letter and eight digits) and a demo person's name. */
    static final String DEMO_CARD_NO = "D37150201";
    static final String DEMO_NAME = "王老五";

    @TempDir Path tmp;

    @Test
    void noPlantedPersonalValueOrSecretAppearsInTheZip() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path logs = Files.createDirectories(data.resolve("logs"));
        Files.writeString(logs.resolve("terminal.log"), """
                2026-11-23 10:00:01 INFO identify psn_name=%s certno=%s
                2026-11-23 10:00:02 WARN centre said {"psn_name":"%s","card_no":"%s","ecToken":"%s"}
                2026-11-23 10:00:03 ERROR raw scan %s from card %s id %s
                2026-11-23 10:00:04 INFO 读卡 姓名 %s 卡号 %s card=%s raw %s
                2026-11-23 10:00:05 INFO settled setl_id=DEMO01-S00000001 msgid=H00000000001202612031632360003
                """.formatted(NAME, CERTNO, NAME, CARD_NO, EC_TOKEN, EC_TOKEN, CARD_NO, CERTNO, DEMO_NAME, DEMO_CARD_NO, DEMO_CARD_NO,
                DEMO_CARD_NO));
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("terminal.db"))) {
            Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
            outbox.append(new NewMessage("claim.sale", new MessageClass("claim", Lane.MESSAGES, false), "K1",
                    ("{\"psn_name\":\"" + NAME + "\",\"certno\":\"" + CERTNO + "\",\"card_no\":\"" + CARD_NO + "\"}").getBytes(StandardCharsets.UTF_8)));
        }
        Path config = SelftestCommandTest.config(tmp, data, "tcp://127.0.0.1:1");
        Files.writeString(config, Files.readString(config) + "operator:\n  name: " + NAME + "\n  password: Hunter2-Secret\n  certno: " + CERTNO + "\n", StandardCharsets.UTF_8);

        Path zip = tmp.resolve("out/diag.zip");
        SelftestCommandTest.Run run = SelftestCommandTest.cli("diagnostics", "export", zip.toString(), "--config", config.toString());
        assertEquals(0, run.exit(), run.out());

        Map<String, String> entries = ZipTexts.of(zip);
        assertTrue(entries.keySet().containsAll(java.util.List.of("logs/terminal.log", "config/terminal.yaml", "versions.json", "backlog.json", "selftest.json")), entries.keySet().toString());
        String all = String.join("\n", entries.values());
        for (String secret : new String[] {CERTNO, CARD_NO, EC_TOKEN, NAME, "Hunter2-Secret", "SECRET-API-KEY-123", "37150212345678", "199001011234",
                DEMO_CARD_NO, DEMO_NAME, "37150201"}) {
            assertFalse(all.contains(secret), () -> secret + " leaked:\n" + all);
        }
        assertTrue(entries.get("config/terminal.yaml").contains("H37150200001"), "the institution's code is not personal: " + entries.get("config/terminal.yaml"));
        assertTrue(entries.get("logs/terminal.log").contains("3715**********1234"), entries.get("logs/terminal.log"));
        assertTrue(entries.get("logs/terminal.log").contains("欧**娜"), entries.get("logs/terminal.log"));
        assertTrue(entries.get("logs/terminal.log").contains("setl_id=DEMO01-S00000001 msgid=H00000000001202612031632360003"),
                "ordinary ids stay readable: " + entries.get("logs/terminal.log"));
        assertTrue(entries.get("config/terminal.yaml").contains("password: <removed>"), entries.get("config/terminal.yaml"));
        assertTrue(entries.get("backlog.json").contains("\"PENDING\""), entries.get("backlog.json"));
        assertTrue(entries.get("selftest.json").contains("\"uplink\""), entries.get("selftest.json"));
        assertTrue(entries.get("config/not-provisioned.txt").startsWith("1931 本机尚未完成配置"), "never provisioned, and the zip says so");
    }

    @Test
    void versionsNameTheAppAsTerminalVersionDoesAndThePolicyCatalogueAndCodeMapInUse() throws Exception {
        Path examples = Path.of("src/main/resources/examples");
        Path data = Files.createDirectories(tmp.resolve("data"));
        ImportRecord catalog;
        ImportRecord codeMap;
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("terminal.db"))) {
            CatalogStore store = new CatalogStore(db, Clock.systemUTC());
            catalog = store.importCatalog(examples.resolve("catalog.tsv"));
            codeMap = store.importCodeMap(examples.resolve("codemap.tsv"));
        }
        Files.copy(examples.resolve("policy.yaml"), tmp.resolve("policy.yaml"));
        Path config = SelftestCommandTest.config(tmp, data, "tcp://127.0.0.1:1");

        Path zip = tmp.resolve("out/diag.zip");
        SelftestCommandTest.Run run = SelftestCommandTest.cli("diagnostics", "export", zip.toString(), "--config", config.toString());
        assertEquals(0, run.exit(), run.out());

        JsonNode versions = new ObjectMapper().readTree(ZipTexts.of(zip).get("versions.json"));
        String app = versions.path("app").asText();
        assertTrue(app.matches("\\d+\\.\\d+\\.\\d+.*"), versions.toString());
        assertEquals("terminal " + app, SelftestCommandTest.cli("--version").out().strip(), "one version, as --version prints it");
        assertEquals(PolicyLoader.load(examples.resolve("policy.yaml")).version(), versions.path("policy").asText(), versions.toString());
        assertEquals(catalog.version(), versions.path("catalog").asText(), versions.toString());
        assertEquals(codeMap.version(), versions.path("codemap").asText(), versions.toString());
        assertEquals("none", versions.path("trust").asText(), versions.toString());
        assertFalse(versions.has("policy_reason") || versions.has("catalog_reason") || versions.has("codemap_reason"), versions.toString());
    }

    @Test
    void versionsThatAreNotInstalledAreEmptyWithAReason() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        SelftestCommandTest.database(data);

        Path zip = tmp.resolve("diag.zip");
        SelftestCommandTest.Run run = SelftestCommandTest.cli("diagnostics", "export", zip.toString(), "--data-dir", data.toString());
        assertEquals(0, run.exit(), run.out());

        JsonNode versions = new ObjectMapper().readTree(ZipTexts.of(zip).get("versions.json"));
        assertFalse(versions.path("app").asText().isEmpty(), versions.toString());
        for (String name : new String[] {"policy", "catalog", "codemap"}) {
            assertEquals("", versions.path(name).asText("absent"), versions.toString());
            assertFalse(versions.path(name + "_reason").asText().isEmpty(), versions.toString());
        }
        assertEquals("本机尚未导入目录", versions.path("catalog_reason").asText());
    }

    @Test
    void withOnlyTheDataFolderTheProvisionedConfigurationInForceIsInTheZip() throws Exception {
        org.yibao.terminal.provision.ProvisionRig rig = new org.yibao.terminal.provision.ProvisionRig(tmp.resolve("data"));
        com.fasterxml.jackson.databind.node.ObjectNode kiosk = rig.payload("T01", null).put("mode", "kiosk");
        assertEquals(0, rig.apply(rig.bundle(kiosk)).exit());

        Path zip = tmp.resolve("diag.zip");
        SelftestCommandTest.Run run = SelftestCommandTest.cli("diagnostics", "export", zip.toString(), "--data-dir", rig.data.toString());
        assertEquals(0, run.exit(), run.out());

        Map<String, String> entries = ZipTexts.of(zip);
        String config = entries.get("config/config.json");
        assertTrue(config != null && config.contains("\"hosp_lv\"") && config.contains("pharmacy"), entries.keySet() + " " + config);
        assertFalse(config.contains("ab".repeat(32)), "the API key's hash is removed: " + config);
        assertFalse(entries.containsKey("config/not-provisioned.txt"), entries.keySet().toString());
        assertTrue(config.contains("\"mode\" : \"kiosk\""), "a kiosk says so: " + config);
    }
}
