package org.yibao.provisioning.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceConfigJsonTest {

    private static ConfigResult read(String json) {
        return DeviceConfigJson.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static DeviceConfig valid() {
        return assertInstanceOf(ConfigResult.Valid.class, read(ConfigSamples.json("T01"))).config();
    }

    private static List<Problem> problems(String json) {
        return assertInstanceOf(ConfigResult.Invalid.class, read(json)).problems();
    }

    @Test
    void readsEverySection() {
        DeviceConfig c = valid();
        assertEquals("T01", c.deviceId());
        assertEquals("pharmacy", c.institution().hospLv());
        assertEquals(List.of("ssl://broker.example:8883", "ssl://broker2.example:8883"), c.uplink().brokers());
        assertEquals(Path.of("keys/device.key"), c.uplink().tls().orElseThrow().clientKey());
        assertEquals(new DeviceConfig.CardReader.Pcsc(".*ACS.*"), c.devices().cardReader());
        assertEquals(new DeviceConfig.Printer(DeviceConfig.PrinterKind.USB, "/dev/usb/lp0", 58), c.devices().printer());
        assertEquals(23, ((DeviceConfig.Gpio.Pins) c.devices().gpio()).pins().get("button"));
        assertEquals(200000L, c.kiosk().maxFenPerSettlement());
        assertEquals("t-7", c.versions().trust());
        assertEquals(Path.of("/var/lib/yibao-terminal/keys/device.key"), c.resolve(c.uplink().tls().orElseThrow().clientKey()));
    }

    @Test
    void writeThenReadGivesTheSameBytes() {
        byte[] once = DeviceConfigJson.write(valid());
        DeviceConfig again = assertInstanceOf(ConfigResult.Valid.class, DeviceConfigJson.read(once)).config();
        assertEquals(valid(), again);
        assertArrayEquals(once, DeviceConfigJson.write(again));
    }

    @Test
    void simulatedDevicesAreStrings() {
        String json = ConfigSamples.json("T02")
                .replace("{\"name_pattern\": \".*ACS.*\"}", "\"simulated\"")
                .replace("{\"port\": \"/dev/yibao-scanner\", \"prefix\": \"\", \"charset\": \"UTF-8\"}", "\"simulated\"")
                .replace("{\"kind\": \"usb\", \"address\": \"/dev/usb/lp0\", \"paper_width\": 58}", "{\"kind\": \"simulated\", \"paper_width\": 80}")
                .replace("{\"led_green\": 17, \"led_red\": 27, \"buzzer\": 22, \"button\": 23}", "\"simulated\"");
        DeviceConfig c = assertInstanceOf(ConfigResult.Valid.class, read(json)).config();
        assertInstanceOf(DeviceConfig.CardReader.Simulated.class, c.devices().cardReader());
        assertInstanceOf(DeviceConfig.Scanner.Simulated.class, c.devices().scanner());
        assertInstanceOf(DeviceConfig.Gpio.Simulated.class, c.devices().gpio());
        assertEquals(DeviceConfig.PrinterKind.SIMULATED, c.devices().printer().kind());
    }

    @Test
    void eachBadValueIsNamedByItsKeyPath() {
        String json = ConfigSamples.json("T01")
                .replace("\"paper_width\": 58", "\"paper_width\": 57")
                .replace("P37150200001", "P3715")
                .replace("\"hosp_lv\": \"pharmacy\"", "\"hosp_lv\": \"4\"")
                .replace("ssl://broker2.example:8883", "http://x");
        List<Problem> problems = problems(json);
        assertEquals(List.of("institution.fixmedins_code", "institution.hosp_lv", "uplink.brokers[1]", "devices.printer.paper_width"),
                problems.stream().map(Problem::path).toList());
        assertTrue(problems.stream().allMatch(p -> p.reason() == ProvisionReason.CONFIG_INVALID));
        assertEquals("1903 配置项取值无效：devices.printer.paper_width: 应为58 或 80", problems.get(3).text());
    }

    @Test
    void missingWrongTypeAndUnknownKeys() {
        String json = ConfigSamples.json("T01")
                .replace("\"data_dir\": \"/var/lib/yibao-terminal\"", "\"data_dri\": \"/var/lib/yibao-terminal\"")
                .replace("\"port\": 8080", "\"port\": \"8080\"");
        List<Problem> problems = problems(json);
        assertTrue(problems.contains(new Problem(ProvisionReason.CONFIG_UNKNOWN_FIELD, "data_dri", "不是已知的配置项")), problems.toString());
        assertTrue(problems.contains(new Problem(ProvisionReason.CONFIG_MISSING, "data_dir", "必填（字符串）")), problems.toString());
        assertTrue(problems.contains(new Problem(ProvisionReason.CONFIG_INVALID, "api.port", "应为整数")), problems.toString());
    }

    @Test
    void sslBrokerNeedsTls() {
        String json = ConfigSamples.json("T01").replaceAll(",\\s*\"tls\": \\{[^}]*}", "");
        assertEquals(List.of("uplink.tls", "uplink.tls"), problems(json).stream().map(Problem::path).toList());
    }

    @Test
    void malformedJsonIsOneProblem() {
        List<Problem> problems = problems("{\"device_id\": ");
        assertEquals(1, problems.size());
        assertEquals(ProvisionReason.CONFIG_MALFORMED, problems.getFirst().reason());
        assertEquals(ProvisionReason.CONFIG_MALFORMED, problems("[1,2]").getFirst().reason());
    }

    @Test
    void anUnvalidatedConfigCannotBeMade() {
        DeviceConfig c = valid();
        assertThrows(IllegalArgumentException.class, () -> new DeviceConfig("bad id!", c.institution(), c.uplink(), c.devices(),
                c.api(), c.offline(), c.kiosk(), c.mode(), c.retention(), c.versions(), c.voucher(), c.dataDir()));
        assertThrows(IllegalArgumentException.class, () -> new DeviceConfig(c.deviceId(), c.institution(), c.uplink(),
                c.devices(), c.api(), c.offline(), c.kiosk(), c.mode(), c.retention(), c.versions(), new DeviceConfig.Voucher(3601),
                c.dataDir()));
        assertThrows(IllegalArgumentException.class, () -> new DeviceConfig(c.deviceId(), c.institution(), c.uplink(),
                c.devices(), c.api(), c.offline(), c.kiosk(), null, c.retention(), c.versions(), c.voucher(), c.dataDir()));
    }

    /** The sample with {@code "mode": <value>} before data_dir. */
    private static String withMode(String value) {
        return ConfigSamples.json("T01").replace("\"data_dir\":", "\"mode\": " + value + ",\n  \"data_dir\":");
    }

    @Test
    void aConfigurationWithoutAModeIsACounterAsEveryFileWrittenBeforeTheKey() {
        assertEquals(DeviceConfig.Mode.COUNTER, valid().mode());
        assertEquals(DeviceConfig.Mode.COUNTER, assertInstanceOf(ConfigResult.Valid.class, read(withMode("null"))).config().mode());
        assertEquals(DeviceConfig.Mode.COUNTER, assertInstanceOf(ConfigResult.Valid.class, read(withMode("\"counter\""))).config().mode());
    }

    @Test
    void aKioskModeIsReadWrittenAndReadAgain() {
        DeviceConfig kiosk = assertInstanceOf(ConfigResult.Valid.class, read(withMode("\"kiosk\""))).config();
        assertEquals(DeviceConfig.Mode.KIOSK, kiosk.mode());
        byte[] written = DeviceConfigJson.write(kiosk);
        assertTrue(new String(written, StandardCharsets.UTF_8).contains("\"mode\" : \"kiosk\""), "written explicitly");
        assertEquals(kiosk, assertInstanceOf(ConfigResult.Valid.class, DeviceConfigJson.read(written)).config());
        assertTrue(new String(DeviceConfigJson.write(valid()), StandardCharsets.UTF_8).contains("\"mode\" : \"counter\""));
    }

    @Test
    void anUnknownModeIsRefusedNamingTheKeyAndBothValues() {
        for (String mode : List.of("\"self-service\"", "\"Kiosk\"", "\"\"")) {
            assertEquals(List.of(new Problem(ProvisionReason.CONFIG_INVALID, "mode", "应为counter（收银台，默认）或 kiosk（自助机）")),
                    problems(withMode(mode)), mode);
        }
        assertEquals("1903 配置项取值无效：mode: 应为counter（收银台，默认）或 kiosk（自助机）",
                problems(withMode("\"cashier\"")).getFirst().text());
        assertEquals(List.of(new Problem(ProvisionReason.CONFIG_INVALID, "mode", "应为字符串")), problems(withMode("2")));
        List<Problem> alone = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        assertEquals(DeviceConfig.Mode.KIOSK, DeviceConfigJson.readMode(json.getNodeFactory().textNode("kiosk"), alone));
        assertTrue(alone.isEmpty(), alone.toString());
        assertNull(DeviceConfigJson.readMode(json.getNodeFactory().textNode("automat"), alone));
        assertEquals(List.of(new Problem(ProvisionReason.CONFIG_INVALID, "mode", "应为counter（收银台，默认）或 kiosk（自助机）")), alone);
    }

    /** The sample with {@code "voucher": <section>} before data_dir. */
    private static String withVoucher(String section) {
        return ConfigSamples.json("T01").replace("\"data_dir\":", "\"voucher\": " + section + ",\n  \"data_dir\":");
    }

    @Test
    void withoutAVoucherSectionTheSkewIsTheSpecsThirtySeconds() {
        assertEquals(DeviceConfig.Voucher.DEFAULT, valid().voucher());
        assertEquals(Duration.ofSeconds(30), valid().voucher().skew());
        DeviceConfig empty = assertInstanceOf(ConfigResult.Valid.class, read(withVoucher("{}"))).config();
        assertEquals(DeviceConfig.Voucher.DEFAULT, empty.voucher(), "a voucher section without skew_s");
    }

    @Test
    void theVoucherSkewIsReadWrittenAndReadAgain() {
        for (int skew : new int[] {0, 60, 3600}) {
            DeviceConfig c = assertInstanceOf(ConfigResult.Valid.class, read(withVoucher("{\"skew_s\": " + skew + "}"))).config();
            assertEquals(Duration.ofSeconds(skew), c.voucher().skew());
            byte[] written = DeviceConfigJson.write(c);
            assertTrue(new String(written, StandardCharsets.UTF_8).contains("\"skew_s\" : " + skew), "written explicitly");
            assertEquals(c, assertInstanceOf(ConfigResult.Valid.class, DeviceConfigJson.read(written)).config());
        }
    }

    @Test
    void aSkewOutOfRangeOrOfTheWrongTypeIsRefusedNamingTheField() {
        for (String skew : List.of("-1", "3601", "86400")) {
            assertEquals(List.of(new Problem(ProvisionReason.CONFIG_INVALID, "voucher.skew_s", "应为0-3600（秒）")),
                    problems(withVoucher("{\"skew_s\": " + skew + "}")), skew);
        }
        assertEquals("1903 配置项取值无效：voucher.skew_s: 应为0-3600（秒）", problems(withVoucher("{\"skew_s\": 3601}")).getFirst().text());
        for (String skew : List.of("\"60\"", "60.5", "true", "[60]")) {
            assertEquals(List.of(new Problem(ProvisionReason.CONFIG_INVALID, "voucher.skew_s", "应为整数")),
                    problems(withVoucher("{\"skew_s\": " + skew + "}")), skew);
        }
        assertEquals(List.of(new Problem(ProvisionReason.CONFIG_INVALID, "voucher.skew_s", "应为32 位整数")),
                problems(withVoucher("{\"skew_s\": 99999999999}")));
        assertEquals(List.of(new Problem(ProvisionReason.CONFIG_INVALID, "voucher", "应为对象")), problems(withVoucher("60")));
        assertEquals(List.of(new Problem(ProvisionReason.CONFIG_UNKNOWN_FIELD, "voucher.skew", "不是已知的配置项")),
                problems(withVoucher("{\"skew\": 60}")));
    }

    @Test
    void aVoucherSectionAloneIsValidatedLikeTheFilesOwn() {
        List<Problem> problems = new ArrayList<>();
        DeviceConfig.Voucher ok = DeviceConfigJson.readVoucher(new ObjectMapper().createObjectNode().put("skew_s", 90), problems);
        assertEquals(new DeviceConfig.Voucher(90), ok);
        assertTrue(problems.isEmpty(), problems.toString());
        assertNull(DeviceConfigJson.readVoucher(new ObjectMapper().createObjectNode().put("skew_s", -5), problems));
        assertEquals(List.of(new Problem(ProvisionReason.CONFIG_INVALID, "voucher.skew_s", "应为0-3600（秒）")), problems);
    }

    @Test
    void aRunConfigurationsApiMayLeaveOutTheKeyAndAskForAnyPort() {
        ObjectMapper json = new ObjectMapper();
        List<Problem> problems = new ArrayList<>();
        assertEquals(new DeviceConfig.Api("127.0.0.1", DeviceConfigJson.RUN_API_PORT, null),
                DeviceConfigJson.readRunApi(json.createObjectNode(), problems));
        assertEquals(new DeviceConfig.Api("0.0.0.0", 0, "ab".repeat(32)), DeviceConfigJson.readRunApi(
                json.createObjectNode().put("bind", "0.0.0.0").put("port", 0).put("api_key_sha256", "ab".repeat(32)), problems));
        assertTrue(problems.isEmpty(), problems.toString());
        assertNull(DeviceConfigJson.readRunApi(json.createObjectNode().put("port", 65536).put("api_key_sha256", "AB".repeat(32)), problems));
        assertEquals(List.of(new Problem(ProvisionReason.CONFIG_INVALID, "api.port", "应为0-65535（0：任一空闲端口）"),
                new Problem(ProvisionReason.CONFIG_INVALID, "api.api_key_sha256", "应为64 位小写十六进制数字")), problems);
    }

    @Test
    void limitAndRetentionSectionsAloneAreValidatedLikeTheFilesOwn() {
        ObjectMapper json = new ObjectMapper();
        List<Problem> problems = new ArrayList<>();
        assertEquals(new DeviceConfig.KioskLimits(9_900, true), DeviceConfigJson.readKioskLimits(
                json.createObjectNode().put("max_fen_per_settlement", 9_900).put("account_allowed", true), problems));
        assertEquals(new DeviceConfig.OfflineLimits(24, 10, 4096), DeviceConfigJson.readOfflineLimits(json.createObjectNode()
                .put("max_offline_hours", 24).put("max_backlog_count", 10).put("max_backlog_bytes", 4096), problems));
        assertEquals(new DeviceConfig.Retention(7, 90), DeviceConfigJson.readRetention(
                json.createObjectNode().put("acked_claim_days", 7).put("receipt_days", 90), problems));
        assertTrue(problems.isEmpty(), problems.toString());
        assertNull(DeviceConfigJson.readKioskLimits(json.createObjectNode().put("max_fen_per_settlement", 0).put("account_allowed", false), problems));
        assertNull(DeviceConfigJson.readOfflineLimits(json.createObjectNode().put("max_offline_hours", 24).put("max_backlog_count", 10), problems));
        assertNull(DeviceConfigJson.readRetention(json.createObjectNode().put("acked_claim_days", 7).put("receipt_days", 0), problems));
        assertEquals(List.of(new Problem(ProvisionReason.CONFIG_INVALID, "kiosk_limits.max_fen_per_settlement", "应为正数（单位：分）"),
                new Problem(ProvisionReason.CONFIG_MISSING, "offline_limits.max_backlog_bytes", "必填（整数）"),
                new Problem(ProvisionReason.CONFIG_INVALID, "retention.receipt_days", "应为1-3650（天）")), problems);
    }

    /**
     * {@code retention.person_days} is optional (configurations made before it have none, and a
     * config.json written without it stays as it was); when given it is 1-3650 and written back.
     */
    @Test
    void personDaysIsOptionalReadWrittenBackAndBounded() {
        ObjectMapper json = new ObjectMapper();
        List<Problem> problems = new ArrayList<>();
        assertEquals(new DeviceConfig.Retention(30, 180, 90), DeviceConfigJson.readRetention(json.createObjectNode()
                .put("acked_claim_days", 30).put("receipt_days", 180).put("person_days", 90), problems));
        assertNull(DeviceConfigJson.readRetention(json.createObjectNode()
                .put("acked_claim_days", 30).put("receipt_days", 180).put("person_days", 0), problems));
        assertNull(DeviceConfigJson.readRetention(json.createObjectNode()
                .put("acked_claim_days", 30).put("receipt_days", 180).put("person_days", "90"), problems));
        assertEquals(List.of(new Problem(ProvisionReason.CONFIG_INVALID, "retention.person_days", "应为1-3650（天）"),
                new Problem(ProvisionReason.CONFIG_INVALID, "retention.person_days", "应为整数")), problems);

        assertNull(valid().retention().personDays(), "the sample, made before it, has none");
        assertTrue(!new String(DeviceConfigJson.write(valid()), StandardCharsets.UTF_8).contains("person_days"));
        DeviceConfig withDays = assertInstanceOf(ConfigResult.Valid.class, read(ConfigSamples.json("T01")
                .replace("\"receipt_days\": 180", "\"receipt_days\": 180, \"person_days\": 365"))).config();
        assertEquals(365, withDays.retention().personDays());
        DeviceConfig again = assertInstanceOf(ConfigResult.Valid.class, DeviceConfigJson.read(DeviceConfigJson.write(withDays))).config();
        assertEquals(withDays, again);
    }

    @Test
    void runtimeSettingsFollowANewConfigAtOnce() {
        DeviceConfig c = valid();
        RuntimeSettings.Live live = RuntimeSettings.from(c);
        assertEquals(200000L, live.kiosk().maxFenPerSettlement());
        DeviceConfig lower = assertInstanceOf(ConfigResult.Valid.class, read(ConfigSamples.json("T01")
                .replace("200000", "50000").replace("\"max_offline_hours\": 72", "\"max_offline_hours\": 24"))).config();
        live.apply(lower);
        assertEquals(50000L, live.kiosk().maxFenPerSettlement());
        assertEquals(24, live.offline().maxOfflineHours());
    }
}
