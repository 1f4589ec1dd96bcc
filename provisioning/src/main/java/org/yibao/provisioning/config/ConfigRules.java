package org.yibao.provisioning.config;

import static org.yibao.provisioning.config.ProvisionReason.CONFIG_INVALID;
import static org.yibao.provisioning.config.ProvisionReason.CONFIG_MISSING;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yibao.provisioning.config.DeviceConfig.Api;
import org.yibao.provisioning.config.DeviceConfig.CardReader;
import org.yibao.provisioning.config.DeviceConfig.Devices;
import org.yibao.provisioning.config.DeviceConfig.Gpio;
import org.yibao.provisioning.config.DeviceConfig.Institution;
import org.yibao.provisioning.config.DeviceConfig.KioskLimits;
import org.yibao.provisioning.config.DeviceConfig.Mode;
import org.yibao.provisioning.config.DeviceConfig.OfflineLimits;
import org.yibao.provisioning.config.DeviceConfig.Printer;
import org.yibao.provisioning.config.DeviceConfig.PrinterKind;
import org.yibao.provisioning.config.DeviceConfig.Retention;
import org.yibao.provisioning.config.DeviceConfig.Scanner;
import org.yibao.provisioning.config.DeviceConfig.Uplink;
import org.yibao.provisioning.config.DeviceConfig.Versions;
import org.yibao.provisioning.config.DeviceConfig.Voucher;

/**
 * The rules a {@link DeviceConfig} obeys, as a list of problems with key paths (empty when the
 * values are acceptable). {@link #seal} validates, then makes the immutable configuration.
 */
public final class ConfigRules {
    /** Device ids: 1-64 of letters, digits, '_', '.', '-'. */
    public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern FIXMEDINS_CODE = Pattern.compile("[A-Z0-9]{12}");
    private static final Pattern ADMDVS = Pattern.compile("[0-9]{6}");
    /** The institution levels policy rules match (spec/policy-and-catalog.md, hosp_lv); the run file obeys them too. */
    public static final Set<String> HOSP_LV = Set.of("1", "2", "3", "pharmacy");
    private static final Pattern BROKER = Pattern.compile("(tcp|ssl)://[^\\s/:]+:[0-9]{1,5}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Set<String> GPIO_NAMES = Set.of("led_green", "led_red", "buzzer", "button");

    private ConfigRules() {
    }

    /** Validates, then seals: the configuration, or every problem found. */
    public static ConfigResult seal(String deviceId, Institution institution, Uplink uplink, Devices devices, Api api,
                                    OfflineLimits offline, KioskLimits kiosk, Mode mode, Retention retention,
                                    Versions versions, Voucher voucher, Path dataDir) {
        List<Problem> problems = check(deviceId, institution, uplink, devices, api, offline, kiosk, mode, retention,
                versions, voucher, dataDir);
        if (!problems.isEmpty()) return new ConfigResult.Invalid(problems);
        return new ConfigResult.Valid(new DeviceConfig(deviceId, institution, uplink, devices, api, offline, kiosk,
                mode, retention, versions, voucher, dataDir));
    }

    /** Every problem with these values; empty when they make a valid configuration. */
    public static List<Problem> check(String deviceId, Institution institution, Uplink uplink, Devices devices, Api api,
                                      OfflineLimits offline, KioskLimits kiosk, Mode mode, Retention retention,
                                      Versions versions, Voucher voucher, Path dataDir) {
        List<Problem> out = new ArrayList<>();
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) out.add(invalid("device_id", "1-64 个字符（A-Z a-z 0-9 _ . -）"));
        institution(institution, out);
        uplink(uplink, out);
        devices(devices, out);
        api(api, false, out);
        offline(offline, out);
        kiosk(kiosk, out);
        if (mode == null) out.add(new Problem(CONFIG_MISSING, "mode", "必填"));
        retention(retention, out);
        versions(versions, out);
        voucher(voucher, out);
        if (dataDir == null) out.add(new Problem(CONFIG_MISSING, "data_dir", "必填"));
        return out;
    }

    private static void institution(Institution inst, List<Problem> out) {
        if (inst == null) {
            out.add(new Problem(CONFIG_MISSING, "institution", "必填"));
            return;
        }
        if (!matches(FIXMEDINS_CODE, inst.fixmedinsCode())) out.add(invalid("institution.fixmedins_code", "12 个字符（A-Z 0-9）"));
        if (inst.fixmedinsName() == null || inst.fixmedinsName().isBlank() || inst.fixmedinsName().length() > 100) {
            out.add(invalid("institution.fixmedins_name", "1-100 个字符"));
        }
        if (!matches(ADMDVS, inst.admdvs())) out.add(invalid("institution.admdvs", "6 位数字"));
        if (inst.hospLv() == null || !HOSP_LV.contains(inst.hospLv())) out.add(invalid("institution.hosp_lv", "\"1\"、\"2\"、\"3\" 或 \"pharmacy\""));
    }

    private static void uplink(Uplink uplink, List<Problem> out) {
        if (uplink == null) {
            out.add(new Problem(CONFIG_MISSING, "uplink", "必填"));
            return;
        }
        for (int i = 0; i < uplink.brokers().size(); i++) {
            String uri = uplink.brokers().get(i);
            if (!matches(BROKER, uri) || !port(Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1)))) {
                out.add(invalid("uplink.brokers[" + i + "]", "tcp://主机:端口 或 ssl://主机:端口"));
            } else if (uri.startsWith("ssl://") && uplink.tls().isEmpty()) {
                out.add(new Problem(CONFIG_MISSING, "uplink.tls", "使用 ssl:// 中心地址时须配置 ca、client_cert 和 client_key"));
            }
        }
        uplink.tls().ifPresent(tls -> {
            if (tls.caCert() == null) out.add(new Problem(CONFIG_MISSING, "uplink.tls.ca", "必填"));
            if (tls.clientCert() == null) out.add(new Problem(CONFIG_MISSING, "uplink.tls.client_cert", "必填"));
            if (tls.clientKey() == null) out.add(new Problem(CONFIG_MISSING, "uplink.tls.client_key", "必填"));
        });
    }

    /** The problems of a devices section alone. */
    public static List<Problem> checkDevices(Devices devices) {
        return alone(devices, ConfigRules::devices);
    }

    private static void devices(Devices devices, List<Problem> out) {
        if (devices == null) {
            out.add(new Problem(CONFIG_MISSING, "devices", "必填"));
            return;
        }
        switch (devices.cardReader()) {
            case null -> out.add(new Problem(CONFIG_MISSING, "devices.card_reader", "必填"));
            case CardReader.Pcsc(String pattern) -> regex(pattern, out);
            case CardReader.Simulated s -> { }
        }
        switch (devices.scanner()) {
            case null -> out.add(new Problem(CONFIG_MISSING, "devices.scanner", "必填"));
            case Scanner.Serial(String port, String prefix, String charset) -> serial(port, prefix, charset, out);
            case Scanner.Simulated s -> { }
        }
        printer(devices.printer(), out);
        switch (devices.gpio()) {
            case null -> out.add(new Problem(CONFIG_MISSING, "devices.gpio", "必填"));
            case Gpio.Pins(var pins) -> pins.forEach((name, bcm) -> {
                if (!GPIO_NAMES.contains(name)) out.add(invalid("devices.gpio." + name, GPIO_NAMES + " 之一"));
                else if (bcm < 0 || bcm > 27) out.add(invalid("devices.gpio." + name, "BCM 引脚号 0-27"));
            });
            case Gpio.Simulated s -> { }
        }
    }

    private static void regex(String pattern, List<Problem> out) {
        try {
            if (pattern == null || pattern.isBlank()) out.add(invalid("devices.card_reader.name_pattern", "非空的正则表达式"));
            else Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            out.add(new Problem(CONFIG_INVALID, "devices.card_reader.name_pattern", "不是有效的正则表达式（" + e.getDescription() + "）"));
        }
    }

    private static void serial(String port, String prefix, String charset, List<Problem> out) {
        if (port == null || !port.startsWith("/dev/")) out.add(invalid("devices.scanner.port", "/dev/ 下的设备路径"));
        if (prefix == null || prefix.length() > 8) out.add(invalid("devices.scanner.prefix", "0-8 个字符"));
        if (charset == null || !java.nio.charset.Charset.isSupported(charset)) out.add(invalid("devices.scanner.charset", "字符集名称（UTF-8、GB18030）"));
    }

    private static void printer(Printer printer, List<Problem> out) {
        if (printer == null || printer.kind() == null) {
            out.add(new Problem(CONFIG_MISSING, "devices.printer", "必填"));
            return;
        }
        if (printer.paperWidthMm() != 58 && printer.paperWidthMm() != 80) out.add(invalid("devices.printer.paper_width", "58 或 80"));
        String address = printer.address() == null ? "" : printer.address();
        boolean ok = switch (printer.kind()) {
            case SIMULATED -> address.isEmpty();
            case SERIAL, USB -> address.startsWith("/dev/");
            case TCP -> address.matches("[^\\s:/]+:[0-9]{1,5}");
        };
        if (!ok) out.add(invalid("devices.printer.address", printer.kind() == PrinterKind.TCP ? "主机:端口"
                : printer.kind() == PrinterKind.SIMULATED ? "空（模拟打印机不填地址）" : "/dev/ 下的设备路径"));
    }

    /**
     * The problems of an {@code api} section as a run configuration carries it: as in a device
     * configuration, except that the key's SHA-256 may be absent (null) and the port may be 0
     * (any free port). Whether a bind without a key is loopback is for the terminal to judge.
     */
    public static List<Problem> checkRunApi(Api api) {
        return alone(api, (section, out) -> api(section, true, out));
    }

    private static void api(Api api, boolean runFile, List<Problem> out) {
        if (api == null) {
            out.add(new Problem(CONFIG_MISSING, "api", "必填"));
            return;
        }
        if (api.bind() == null || !api.bind().matches("[0-9A-Za-z.:-]{1,64}")) out.add(invalid("api.bind", "监听地址（如 127.0.0.1）"));
        int lowestPort = runFile ? 0 : 1;
        if (api.port() < lowestPort || api.port() > 65535) {
            out.add(invalid("api.port", runFile ? "0-65535（0：任一空闲端口）" : "1-65535"));
        }
        boolean keyOptional = runFile && api.apiKeySha256() == null;
        if (!keyOptional && !matches(SHA256_HEX, api.apiKeySha256())) out.add(invalid("api.api_key_sha256", "64 位小写十六进制数字"));
    }

    /** The problems of an {@code offline_limits} section alone. */
    public static List<Problem> checkOfflineLimits(OfflineLimits offline) {
        return alone(offline, ConfigRules::offline);
    }

    /** The problems of a {@code kiosk_limits} section alone. */
    public static List<Problem> checkKioskLimits(KioskLimits kiosk) {
        return alone(kiosk, ConfigRules::kiosk);
    }

    /** The problems of a {@code retention} section alone. */
    public static List<Problem> checkRetention(Retention retention) {
        return alone(retention, ConfigRules::retention);
    }

    private static void offline(OfflineLimits offline, List<Problem> out) {
        if (offline == null) {
            out.add(new Problem(CONFIG_MISSING, "offline_limits", "必填"));
            return;
        }
        if (offline.maxOfflineHours() < 0 || offline.maxOfflineHours() > 720) out.add(invalid("offline_limits.max_offline_hours", "0-720（小时）"));
        if (offline.maxBacklogCount() < 1) out.add(invalid("offline_limits.max_backlog_count", "≥ 1"));
        if (offline.maxBacklogBytes() < 1024) out.add(invalid("offline_limits.max_backlog_bytes", "≥ 1024（字节）"));
    }

    private static void kiosk(KioskLimits kiosk, List<Problem> out) {
        if (kiosk == null) out.add(new Problem(CONFIG_MISSING, "kiosk_limits", "必填"));
        else if (kiosk.maxFenPerSettlement() < 1) out.add(invalid("kiosk_limits.max_fen_per_settlement", "正数（单位：分）"));
    }

    private static void retention(Retention retention, List<Problem> out) {
        if (retention == null) {
            out.add(new Problem(CONFIG_MISSING, "retention", "必填"));
            return;
        }
        if (retention.ackedClaimDays() < 1 || retention.ackedClaimDays() > 3650) out.add(invalid("retention.acked_claim_days", "1-3650（天）"));
        if (retention.receiptDays() < 1 || retention.receiptDays() > 3650) out.add(invalid("retention.receipt_days", "1-3650（天）"));
        Integer persons = retention.personDays();
        if (persons != null && (persons < 1 || persons > 3650)) out.add(invalid("retention.person_days", "1-3650（天）"));
    }

    private static void versions(Versions versions, List<Problem> out) {
        if (versions == null) {
            out.add(new Problem(CONFIG_MISSING, "versions", "必填"));
            return;
        }
        if (!matches(VERSION, versions.policy())) out.add(invalid("versions.policy", "1-64 个字符（A-Z a-z 0-9 _ . : -）"));
        if (!matches(VERSION, versions.catalog())) out.add(invalid("versions.catalog", "1-64 个字符（A-Z a-z 0-9 _ . : -）"));
        if (!matches(VERSION, versions.trust())) out.add(invalid("versions.trust", "1-64 个字符（A-Z a-z 0-9 _ . : -）"));
    }

    /** The problems of a voucher section alone. */
    public static List<Problem> checkVoucher(Voucher voucher) {
        return alone(voucher, ConfigRules::voucher);
    }

    private static void voucher(Voucher voucher, List<Problem> out) {
        if (voucher == null) out.add(new Problem(CONFIG_MISSING, "voucher", "必填"));
        else if (voucher.skewSeconds() < 0 || voucher.skewSeconds() > 3600) out.add(invalid("voucher.skew_s", "0-3600（秒）"));
    }

    /** The problems {@code rule} finds in {@code section}, checked on its own. */
    private static <T> List<Problem> alone(T section, BiConsumer<T, List<Problem>> rule) {
        List<Problem> out = new ArrayList<>();
        rule.accept(section, out);
        return out;
    }

    private static boolean matches(Pattern pattern, String value) {
        return value != null && pattern.matcher(value).matches();
    }

    /** A value that is not what {@code expected} says it should be: "应为" + expected. */
    private static Problem invalid(String path, String expected) {
        return new Problem(CONFIG_INVALID, path, "应为" + expected);
    }

    /** A port a client can connect to: 1 to 65535 (port 0 is no port). */
    private static boolean port(int port) {
        return port >= 1 && port <= 65535;
    }
}
