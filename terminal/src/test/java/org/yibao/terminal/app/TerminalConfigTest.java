package org.yibao.terminal.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.terminal.flow.FlowSettings;
import org.yibao.terminal.provision.ProvisionRig;

/**
 * {@code terminal run}'s configuration file: the sections it shares with the provisioned
 * configuration ({@code api}, {@code kiosk_limits}, {@code offline_limits}, {@code retention})
 * come from the run file, else the configuration provisioned in the data folder, else the
 * defaults; a bad value is refused naming its field.
 */
class TerminalConfigTest {
    static final String KEY_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir Path tmp;

    /** A run file on {@code data} with the required fields, then {@code more} YAML. */
    private Path runFile(Path data, String more) throws Exception {
        return Files.writeString(tmp.resolve("terminal.yaml"), """
                device_id: T01
                institution: {fixmedins_code: H37150200001, fixmedins_name: 演示药店, admdvs: "371502", hosp_lv: pharmacy}
                data_dir: %s
                policy: policy.yaml
                centre: none
                """.formatted(data) + more);
    }

    private Path bare() throws Exception {
        return Files.createDirectories(tmp.resolve("bare"));
    }

    /** A data folder provisioned with the rig's payload changed by {@code change}. */
    private Path provisioned(java.util.function.Consumer<ObjectNode> change) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("provisioned"));
        ProvisionRig rig = new ProvisionRig(data);
        ObjectNode payload = rig.payload("T01", null);
        change.accept(payload);
        assertEquals(0, rig.apply(rig.bundle(payload)).exit());
        return data;
    }

    private static String refused(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> TerminalConfig.load(file)).getMessage();
    }

    @Test
    void withoutSectionsOrProvisioningTodaysDefaultsHold() throws Exception {
        TerminalConfig config = TerminalConfig.load(runFile(bare(), ""));
        assertEquals(InetAddress.getLoopbackAddress(), config.api().bind());
        assertEquals(8080, config.api().port());
        assertTrue(config.api().keySha256().isEmpty());
        assertEquals(new FlowSettings.KioskLimits(50_000, false), config.kiosk());
        assertEquals(OutboxPolicy.defaults(), config.outbox());
        assertEquals(Duration.ofDays(180), config.receiptRetention(), "printed receipts kept 180 days by default");
        assertEquals(Duration.ofDays(180), config.personRetention(), "persons not seen for 180 days deleted by default");

        TerminalConfig portOnly = TerminalConfig.load(runFile(bare(), "api: {port: 0}\n"));
        assertEquals(new TerminalConfig.Api(InetAddress.getLoopbackAddress(), 0, Optional.empty()), portOnly.api(),
                "a run file's api section as it was written before: loopback, no key");
    }

    /** A misspelt top-level key takes no effect, so it is named at load (not refused: hand-written files carry notes). */
    @Test
    void anUnknownTopLevelKeyIsNamedInAWarning() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(TerminalConfig.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try {
            TerminalConfig.load(runFile(bare(), "api_tsl: {cert: api.crt, key: api.key}\nsign_in: {expiry_minutes: 60}\n"));
        } finally {
            log.detachAppender(seen);
        }
        List<String> warnings = seen.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.getFirst().contains("[api_tsl]") && warnings.getFirst().contains("api_tls"), warnings.getFirst());
    }

    @Test
    void eachSectionIsReadFromTheRunFile() throws Exception {
        TerminalConfig config = TerminalConfig.load(runFile(bare(), """
                api: {bind: 0.0.0.0, port: 9090, api_key_sha256: %s}
                kiosk_limits: {max_fen_per_settlement: 12345, account_allowed: true}
                offline_limits: {max_offline_hours: 24, max_backlog_count: 100, max_backlog_bytes: 1048576}
                retention: {acked_claim_days: 7, receipt_days: 90}
                """.formatted(KEY_SHA256)));
        assertTrue(config.api().bind().isAnyLocalAddress());
        assertEquals(9090, config.api().port());
        assertEquals(Optional.of(KEY_SHA256), config.api().keySha256());
        assertTrue(config.api().key().orElseThrow().matches("test"), "the key whose SHA-256 is configured");
        assertEquals(new FlowSettings.KioskLimits(12_345, true), config.kiosk());
        OutboxPolicy outbox = config.outbox();
        assertEquals(100, outbox.softMaxCount());
        assertEquals(1_048_576, outbox.softMaxBytes());
        assertEquals(Duration.ofHours(24), outbox.maxOldestAge());
        assertEquals(Duration.ofDays(7), outbox.retention());
        assertEquals(Duration.ofDays(90), config.receiptRetention(), "retention.receipt_days");
        assertEquals(PersonRetention.DEFAULT, config.personRetention(), "a retention section without person_days");
        assertEquals(Duration.ofDays(400), TerminalConfig.load(runFile(bare(),
                "retention: {acked_claim_days: 7, receipt_days: 90, person_days: 400}\n")).personRetention());
        String zero = refused(runFile(bare(), "retention: {acked_claim_days: 7, receipt_days: 90, person_days: 0}\n"));
        assertTrue(zero.contains("1903") && zero.contains("retention.person_days"), zero);
        assertEquals(OutboxPolicy.defaults().hardMaxCount(), outbox.hardMaxCount(), "4 x 100 is below the default hard limit");
    }

    @Test
    void sectionsTheRunFileLeavesOutComeFromTheProvisionedConfiguration() throws Exception {
        Path data = provisioned(p -> {
            p.putObject("api").put("bind", "127.0.0.1").put("port", 8181).put("api_key_sha256", KEY_SHA256);
            p.putObject("offline_limits").put("max_offline_hours", 48).put("max_backlog_count", 10_000).put("max_backlog_bytes", 8192);
            p.putObject("retention").put("acked_claim_days", 14).put("receipt_days", 365);
        });
        TerminalConfig config = TerminalConfig.load(runFile(data, ""));
        assertEquals(new TerminalConfig.Api(InetAddress.getLoopbackAddress(), 8181, Optional.of(KEY_SHA256)), config.api(),
                "the provisioned key applies on loopback too");
        assertEquals(new FlowSettings.KioskLimits(200_000, true), config.kiosk(), "the rig's provisioned kiosk limits");
        assertEquals(10_000, config.outbox().softMaxCount());
        assertEquals(40_000, config.outbox().hardMaxCount());
        assertEquals(8192, config.outbox().softMaxBytes());
        assertEquals(Duration.ofHours(48), config.outbox().maxOldestAge());
        assertEquals(Duration.ofDays(14), config.outbox().retention());
        assertEquals(Duration.ofDays(365), config.receiptRetention(), "the provisioned receipt_days");

        TerminalConfig mixed = TerminalConfig.load(runFile(data, """
                api: {port: 0}
                kiosk_limits: {max_fen_per_settlement: 9900, account_allowed: false}
                """));
        assertEquals(new TerminalConfig.Api(InetAddress.getLoopbackAddress(), 0, Optional.empty()), mixed.api(),
                "the run file's section whole: its api names no key");
        assertEquals(new FlowSettings.KioskLimits(9_900, false), mixed.kiosk());
        assertEquals(Duration.ofDays(14), mixed.outbox().retention(), "still the provisioned retention");
        assertEquals(Duration.ofDays(365), mixed.receiptRetention(), "and the provisioned receipt_days");
    }

    /** Issue 5: a sign_no "authorises that operator's requests until 9002 or a configured expiry". */
    @Test
    void theSignInExpiryComesFromTheRunFileElseIsTwelveHours() throws Exception {
        assertEquals(Duration.ofHours(12), TerminalConfig.load(runFile(bare(), "")).signInExpiry());
        assertEquals(Duration.ofMinutes(30), TerminalConfig.load(runFile(bare(), "sign_in: {expiry_minutes: 30}\n")).signInExpiry());
        for (String bad : new String[] {"0", "-5", "1.5", "\"abc\"", "10081", "{}"}) {
            String message = refused(runFile(bare(), "sign_in: {expiry_minutes: " + bad + "}\n"));
            assertTrue(message.contains("1903 配置项取值无效：sign_in.expiry_minutes"), bad + ": " + message);
        }
        assertTrue(refused(runFile(bare(), "sign_in: 30\n")).contains("1903 配置项取值无效：sign_in"), "not a mapping");
    }

    @Test
    void theModeComesFromTheRunFileElseTheProvisionedConfigurationElseIsACounter() throws Exception {
        assertEquals(FlowSettings.Mode.COUNTER, TerminalConfig.load(runFile(bare(), "")).mode(), "no mode anywhere: today's counter");
        assertEquals(FlowSettings.Mode.KIOSK, TerminalConfig.load(runFile(bare(), "mode: kiosk\n")).mode());
        assertEquals(FlowSettings.Mode.COUNTER, TerminalConfig.load(runFile(bare(), "mode: counter\n")).mode());

        Path data = provisioned(p -> p.put("mode", "kiosk"));
        assertEquals(FlowSettings.Mode.KIOSK, TerminalConfig.load(runFile(data, "")).mode(), "provisioned as a kiosk");
        assertEquals(FlowSettings.Mode.COUNTER, TerminalConfig.load(runFile(data, "mode: counter\n")).mode(),
                "the run file's, as for every shared key");
    }

    /** A run file saved as GBK (a Chinese Windows editor's default) is refused saying so, not as a syntax error at line 1. */
    @Test
    void aRunFileSavedAsGbkIsRefusedAsNotUtf8() throws Exception {
        Path file = runFile(bare(), "");
        Files.write(file, Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).getBytes(java.nio.charset.Charset.forName("GBK")));
        String message = refused(file);
        assertTrue(message.contains("1901") && message.contains("不是UTF-8编码"), message);
    }

    @Test
    void anUnknownModeIsRefusedWithItsCodeAndBothValues() throws Exception {
        for (String mode : List.of("self-service", "Kiosk", "2")) {
            String message = refused(runFile(bare(), "mode: \"" + mode + "\"\n"));
            assertTrue(message.contains("1903 配置项取值无效：mode: 应为counter（收银台，默认）或 kiosk（自助机）"), mode + ": " + message);
        }
        String notText = refused(runFile(bare(), "mode: {kind: kiosk}\n"));
        assertTrue(notText.contains("1903 配置项取值无效：mode: 应为字符串"), notText);
    }

    @Test
    void badValuesAreRefusedNamingEachField() throws Exception {
        String message = refused(runFile(bare(), """
                api: {bind: 0.0.0.0, port: "8080", api_key_sha256: ABC, colour: red}
                kiosk_limits: {max_fen_per_settlement: 0, account_allowed: true}
                offline_limits: {max_offline_hours: 721, max_backlog_count: 0}
                retention: {acked_claim_days: 0, receipt_days: 3651}
                """));
        for (String field : List.of("api.port: 应为整数", "api.colour: 不是已知的配置项",
                "offline_limits.max_backlog_bytes: 必填", "kiosk_limits.max_fen_per_settlement: 应为正数（单位：分）",
                "retention.acked_claim_days: 应为1-3650", "retention.receipt_days: 应为1-3650")) {
            assertTrue(message.contains(field), field + " in: " + message);
        }
        String keyForm = refused(runFile(bare(), "api: {port: 8080, api_key_sha256: " + KEY_SHA256.toUpperCase() + "}\n"));
        assertTrue(keyForm.contains("1903 配置项取值无效：api.api_key_sha256: 应为64 位小写十六进制数字"), keyForm);
        String limits = refused(runFile(bare(), "offline_limits: {max_offline_hours: 721, max_backlog_count: 0, max_backlog_bytes: 10}\n"));
        assertTrue(limits.contains("offline_limits.max_offline_hours: 应为0-720") && limits.contains("offline_limits.max_backlog_count: 应为≥ 1")
                && limits.contains("offline_limits.max_backlog_bytes: 应为≥ 1024"), limits);
        String name = refused(runFile(bare(), "api: {bind: lan.example, port: 8080, api_key_sha256: " + KEY_SHA256 + "}\n"));
        assertTrue(name.contains("1903 配置项取值无效：api.bind: 应为 IP 地址"), "a name would be looked up at every start: " + name);
        String kiosk = refused(runFile(bare(), "kiosk_limits: {max_fen_per_settlement: 5000, account_allowed: \"yes\"}\n"));
        assertTrue(kiosk.contains("kiosk_limits.account_allowed: 应为true 或 false"), kiosk);
        String withOthers = refused(Files.writeString(tmp.resolve("bad-id.yaml"), """
                device_id: bad id
                institution: {fixmedins_code: H37150200001, admdvs: "371502", hosp_lv: pharmacy}
                data_dir: data
                policy: policy.yaml
                retention: {acked_claim_days: 0, receipt_days: 30}
                """));
        assertTrue(withOthers.contains("device_id") && withOthers.contains("retention.acked_claim_days"), "every problem at once: " + withOthers);
    }

    /**
     * YAML 1.1 reads an unquoted {@code 0123} as octal 83 and {@code 0x10} as 16: a device_id or
     * a limit written so would be taken as another value. Every number is read only from a plain decimal.
     */
    @Test
    void aNumberNotWrittenAsAPlainDecimalIsRefusedNamingItsKey() throws Exception {
        String octalId = refused(Files.writeString(tmp.resolve("octal.yaml"), """
                device_id: 0123
                institution: {fixmedins_code: H37150200001, fixmedins_name: 演示药店, admdvs: "371502", hosp_lv: pharmacy}
                data_dir: data
                policy: policy.yaml
                centre: none
                """));
        assertTrue(octalId.contains("1903 配置项取值无效：device_id: 数字须按十进制书写（如 100 或 100.00），实际为 0123（以 0 开头会被读作八进制；编码须加引号，如 \"0123\"）"),
                octalId);
        String hexLimit = refused(runFile(bare(), "api: {port: 0x1F90}\n"));
        assertTrue(hexLimit.contains("api.port: 数字须按十进制书写（如 100 或 100.00），实际为 0x1F90"), hexLimit);
        assertEquals(8080, TerminalConfig.load(runFile(bare(), "api: {port: 8080}\n")).api().port(), "a plain decimal is read as written");
    }

    /** A path given as a list, a map or yes/no is a wrong value (1903), not a missing one, and not folder "true". */
    @Test
    void aPathFieldThatIsNotATextIsAWrongValueNamingIt() throws Exception {
        String list = refused(Files.writeString(tmp.resolve("list.yaml"), """
                device_id: T01
                institution: {fixmedins_code: H37150200001, admdvs: "371502", hosp_lv: pharmacy}
                data_dir: [/var/lib/a, /var/lib/b]
                policy: {file: policy.yaml}
                catalog: true
                """));
        assertTrue(list.contains("1903 配置项取值无效：data_dir: 应为路径（文本），实为列表"), list);
        assertTrue(list.contains("policy: 应为路径（文本），实为映射"), list);
        assertTrue(list.contains("catalog: 应为路径（文本），实为是/否值 true"), list);
        assertFalse(list.contains("1902"), "given, not missing: " + list);
        String absent = refused(Files.writeString(tmp.resolve("absent.yaml"), """
                device_id: T01
                institution: {fixmedins_code: H37150200001, admdvs: "371502", hosp_lv: pharmacy}
                policy: policy.yaml
                """));
        assertTrue(absent.contains("1902 配置缺少必填项：data_dir: 必填"), absent);
    }

    @Test
    void aHospLvOutsideTheFourLevelsIsRefused() throws Exception {
        // spec/policy-and-catalog.md: hosp_lv is the terminal's own level, "1", "2", "3" or "pharmacy";
        // any other value would match no policy rule with a hosp_lv and refuse every settlement (1301).
        for (String lv : List.of("Pharmacy", "药店", "4", "level1")) {
            String message = refused(Files.writeString(tmp.resolve("lv.yaml"), """
                    device_id: T01
                    institution: {fixmedins_code: H37150200001, admdvs: "371502", hosp_lv: "%s"}
                    data_dir: %s
                    policy: policy.yaml
                    centre: none
                    """.formatted(lv, bare())));
            assertTrue(message.contains("1903 配置项取值无效：institution.hosp_lv"), lv + ": " + message);
        }
        for (String lv : List.of("\"1\"", "2", "\"3\"", "pharmacy")) {
            Path file = Files.writeString(tmp.resolve("lv.yaml"), """
                    device_id: T01
                    institution: {fixmedins_code: H37150200001, admdvs: "371502", hosp_lv: %s}
                    data_dir: %s
                    policy: policy.yaml
                    centre: none
                    """.formatted(lv, bare()));
            assertEquals(lv.replace("\"", ""), TerminalConfig.load(file).institution().hospLv());
        }
    }

    @Test
    void anAddressBeyondLoopbackWithoutAKeyIsRefusedWithACode() throws Exception {
        String message = refused(runFile(bare(), "api: {bind: 0.0.0.0, port: 8080}\n"));
        assertTrue(message.contains("1902 配置缺少必填项：api.api_key_sha256: api.bind 0.0.0.0 不是本机回环地址，必须配置接口密钥"), message);
        assertTrue(message.contains("X-Term-Api-Key"), message);
        assertThrows(IllegalArgumentException.class, () -> new TerminalConfig("T01",
                new TerminalConfig.Institution("H37150200001", "", "371502", "pharmacy"), bare(), bare().resolve("policy.yaml"),
                Optional.empty(), Optional.empty(), new TerminalConfig.Api(InetAddress.getByName("192.168.1.20"), 0, Optional.empty()),
                new TerminalConfig.Centre.None(), TerminalConfig.DEFAULT_KIOSK, FlowSettings.Mode.COUNTER, OutboxPolicy.defaults()));
        assertFalse(TerminalConfig.load(runFile(bare(), "api: {bind: \"::1\", port: 8080}\n")).api().keySha256().isPresent(),
                "IPv6 loopback needs no key");
    }

    @Test
    void theOfflineLimitsAndRetentionMapOntoTheOutboxPolicy() {
        assertEquals(OutboxPolicy.defaults(), OutboxLimits.of(Optional.of(new DeviceConfig.OfflineLimits(72, 5_000, 50L << 20)),
                Optional.of(new DeviceConfig.Retention(30, 180))), "the default figures are the default policy");
        assertEquals(OutboxPolicy.defaults(), OutboxLimits.of(Optional.empty(), Optional.empty()));
        OutboxPolicy large = OutboxLimits.of(Optional.of(new DeviceConfig.OfflineLimits(0, 50_000, Long.MAX_VALUE / 2)), Optional.empty());
        assertEquals(200_000, large.hardMaxCount(), "4 x the soft count above the default hard limit");
        assertEquals(Long.MAX_VALUE, large.hardMaxBytes(), "saturates instead of overflowing");
        assertEquals(Duration.ofHours(1), large.maxOldestAge(), "0 h keeps an hour: claims in flight never refuse");
        assertEquals(OutboxPolicy.defaults().retention(), large.retention());
    }
}
