package org.yibao.provisioning.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
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
import org.yibao.provisioning.config.DeviceConfig.Tls;
import org.yibao.provisioning.config.DeviceConfig.Uplink;
import org.yibao.provisioning.config.DeviceConfig.Versions;
import org.yibao.provisioning.config.DeviceConfig.Voucher;
import org.yibao.provisioning.json.JsonSyntax;

/**
 * Reads and writes the device configuration file ({@code config.json}, format 1). Reading never
 * throws on bad content: it answers {@link ConfigResult.Invalid} with every problem and its key
 * path. Writing is deterministic (same configuration, same bytes), so snapshots compare by bytes.
 */
public final class DeviceConfigJson {
    /** The format number written and accepted. */
    public static final int FORMAT = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> TOP = Set.of("format", "device_id", "institution", "uplink", "devices", "api",
            "offline_limits", "kiosk_limits", "mode", "retention", "versions", "voucher", "data_dir");
    private static final Set<String> API_KEYS = Set.of("bind", "port", "api_key_sha256");
    /** The port of a run configuration's {@code api} section that names none. */
    public static final int RUN_API_PORT = 8080;

    private DeviceConfigJson() {
    }

    /** Parses and validates {@code json}. */
    public static ConfigResult read(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return new ConfigResult.Invalid(List.of(new Problem(ProvisionReason.CONFIG_MALFORMED, "", JsonSyntax.describe(e))));
        } catch (IOException e) {
            return new ConfigResult.Invalid(List.of(new Problem(ProvisionReason.CONFIG_MALFORMED, "", "无法读取：" + e.getMessage())));
        }
        return read(root);
    }

    /** Validates an already parsed tree (a bundle embeds the configuration). */
    public static ConfigResult read(JsonNode root) {
        if (root == null || !root.isObject()) {
            return new ConfigResult.Invalid(List.of(new Problem(ProvisionReason.CONFIG_MALFORMED, "", "顶层应为 JSON 对象")));
        }
        JsonFields f = JsonFields.root(root, new ArrayList<>());
        f.onlyKnown(TOP);
        Integer format = f.integer("format");
        if (format != null && format != FORMAT) f.wrong("format", "" + FORMAT);
        String deviceId = f.text("device_id");
        Institution institution = institution(f.object("institution"));
        Uplink uplink = uplink(f.object("uplink"));
        Devices devices = devices(f.object("devices"));
        Api api = api(f.object("api"));
        OfflineLimits offline = offline(f.object("offline_limits"));
        KioskLimits kiosk = kiosk(f.object("kiosk_limits"));
        Mode mode = f.has("mode") ? mode(f) : Mode.COUNTER; // absent: a counter, as every configuration before the key
        Retention retention = retention(f.object("retention"));
        Versions versions = versions(f.object("versions"));
        Voucher voucher = f.has("voucher") ? voucher(f.object("voucher")) : Voucher.DEFAULT;
        String dataDir = f.text("data_dir");
        if (!f.problems().isEmpty()) return new ConfigResult.Invalid(f.problems());
        return ConfigRules.seal(deviceId, institution, uplink, devices, api, offline, kiosk, mode, retention, versions,
                voucher, Path.of(dataDir));
    }

    /**
     * Parses and validates a {@code devices} section on its own (a run configuration may carry
     * one); null with {@code problems} filled when it is not acceptable.
     */
    public static Devices readDevices(JsonNode devices, List<Problem> problems) {
        return section("devices", devices, problems, DeviceConfigJson::devices, ConfigRules::checkDevices);
    }

    /**
     * Parses and validates a {@code voucher} section on its own (a run configuration may carry
     * one); null with {@code problems} filled when it is not acceptable.
     */
    public static Voucher readVoucher(JsonNode voucher, List<Problem> problems) {
        return section("voucher", voucher, problems, DeviceConfigJson::voucher, ConfigRules::checkVoucher);
    }

    /**
     * Parses and validates an {@code api} section as a run configuration carries it: the names
     * and forms of {@code config.json}'s, except that {@code api_key_sha256} may be left out
     * (null: no key, which only a loopback bind allows; the terminal judges that) and
     * {@code port} may be 0 (any free port) or left out ({@value #RUN_API_PORT}). Null with
     * {@code problems} filled when it is not acceptable.
     */
    public static Api readRunApi(JsonNode api, List<Problem> problems) {
        return section("api", api, problems, DeviceConfigJson::runApi, ConfigRules::checkRunApi);
    }

    /** Parses and validates an {@code offline_limits} section on its own; null with {@code problems} filled when not acceptable. */
    public static OfflineLimits readOfflineLimits(JsonNode offline, List<Problem> problems) {
        return section("offline_limits", offline, problems, DeviceConfigJson::offline, ConfigRules::checkOfflineLimits);
    }

    /** Parses and validates a {@code kiosk_limits} section on its own; null with {@code problems} filled when not acceptable. */
    public static KioskLimits readKioskLimits(JsonNode kiosk, List<Problem> problems) {
        return section("kiosk_limits", kiosk, problems, DeviceConfigJson::kiosk, ConfigRules::checkKioskLimits);
    }

    /**
     * Parses and validates a top-level {@code mode} value on its own (a run configuration may
     * carry one): {@code "counter"} or {@code "kiosk"}; null with {@code problems} filled otherwise.
     */
    public static Mode readMode(JsonNode mode, List<Problem> problems) {
        ObjectNode wrapper = MAPPER.createObjectNode();
        wrapper.set("mode", mode);
        return mode(JsonFields.root(wrapper, problems));
    }

    /** Parses and validates a {@code retention} section on its own; null with {@code problems} filled when not acceptable. */
    public static Retention readRetention(JsonNode retention, List<Problem> problems) {
        return section("retention", retention, problems, DeviceConfigJson::retention, ConfigRules::checkRetention);
    }

    private static <T> T section(String key, JsonNode node, List<Problem> problems, Function<JsonFields, T> parse,
                                 Function<T, List<Problem>> rules) {
        ObjectNode wrapper = MAPPER.createObjectNode();
        wrapper.set(key, node);
        int before = problems.size(); // a caller may collect several sections' problems in one list
        T parsed = parse.apply(JsonFields.root(wrapper, problems).object(key));
        if (problems.size() == before) problems.addAll(rules.apply(parsed));
        return problems.size() == before ? parsed : null;
    }

    private static Institution institution(JsonFields f) {
        if (f == null) return null;
        f.onlyKnown(Set.of("fixmedins_code", "fixmedins_name", "admdvs", "hosp_lv"));
        return new Institution(f.text("fixmedins_code"), f.text("fixmedins_name"), f.text("admdvs"), f.text("hosp_lv"));
    }

    private static Uplink uplink(JsonFields f) {
        if (f == null) return null;
        f.onlyKnown(Set.of("brokers", "tls"));
        List<String> brokers = f.texts("brokers");
        Optional<Tls> tls = Optional.empty();
        if (f.has("tls")) {
            JsonFields t = f.object("tls");
            if (t != null) {
                t.onlyKnown(Set.of("ca", "client_cert", "client_key"));
                tls = Optional.of(new Tls(path(t.text("ca")), path(t.text("client_cert")), path(t.text("client_key"))));
            }
        }
        return brokers == null ? null : new Uplink(brokers, tls);
    }

    private static Devices devices(JsonFields f) {
        if (f == null) return null;
        f.onlyKnown(Set.of("card_reader", "scanner", "printer", "gpio"));
        CardReader reader = simulated(f, "card_reader") ? new CardReader.Simulated() : cardReader(f.object("card_reader"));
        Scanner scanner = simulated(f, "scanner") ? new Scanner.Simulated() : scanner(f.object("scanner"));
        // the printer is always an object: even a simulated one has a paper width, which sets the receipts' layout
        JsonNode named = f.raw("printer");
        Printer printer = named != null && named.isTextual()
                ? f.wrong("printer", "对象，如 {kind: simulated, paper_width: 58}（打印机也要给出纸宽 58 或 80）")
                : printer(f.object("printer"));
        Gpio gpio = simulated(f, "gpio") ? new Gpio.Simulated() : gpio(f.object("gpio"));
        return new Devices(reader, scanner, printer, gpio);
    }

    private static boolean simulated(JsonFields f, String key) {
        JsonNode v = f.raw(key);
        if (v == null || !v.isTextual()) return false;
        if (!"simulated".equals(v.textValue())) f.wrong(key, "\"simulated\" 或一个对象");
        return true;
    }

    private static CardReader cardReader(JsonFields f) {
        if (f == null) return null;
        f.onlyKnown(Set.of("name_pattern"));
        return new CardReader.Pcsc(f.text("name_pattern"));
    }

    private static Scanner scanner(JsonFields f) {
        if (f == null) return null;
        f.onlyKnown(Set.of("port", "prefix", "charset"));
        return new Scanner.Serial(f.text("port"), f.optionalText("prefix", ""), f.optionalText("charset", "UTF-8"));
    }

    private static Printer printer(JsonFields f) {
        if (f == null) return null;
        f.onlyKnown(Set.of("kind", "address", "paper_width"));
        String kind = f.text("kind");
        PrinterKind parsed = null;
        if (kind != null) {
            try {
                parsed = PrinterKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                f.wrong("kind", "serial、usb、tcp 或 simulated");
            }
        }
        Integer width = f.integer("paper_width");
        return new Printer(parsed, f.optionalText("address", ""), width == null ? 0 : width);
    }

    private static Gpio gpio(JsonFields f) {
        if (f == null) return null;
        List<String> names = List.of("led_green", "led_red", "buzzer", "button");
        f.onlyKnown(Set.copyOf(names));
        Map<String, Integer> pins = new TreeMap<>();
        for (String name : names) {
            Integer bcm = f.has(name) ? f.integer(name) : null;
            if (bcm != null) pins.put(name, bcm);
        }
        return new Gpio.Pins(pins);
    }

    private static Api api(JsonFields f) {
        if (f == null) return null;
        f.onlyKnown(API_KEYS);
        Integer port = f.integer("port");
        return new Api(f.optionalText("bind", "127.0.0.1"), port == null ? 0 : port, f.text("api_key_sha256"));
    }

    private static Api runApi(JsonFields f) {
        if (f == null) return null;
        f.onlyKnown(API_KEYS);
        Integer port = f.has("port") ? f.integer("port") : Integer.valueOf(RUN_API_PORT);
        return new Api(f.optionalText("bind", "127.0.0.1"), port == null ? -1 : port, f.optionalText("api_key_sha256", null));
    }

    private static OfflineLimits offline(JsonFields f) {
        if (f == null) return null;
        f.onlyKnown(Set.of("max_offline_hours", "max_backlog_count", "max_backlog_bytes"));
        Integer hours = f.integer("max_offline_hours");
        Integer count = f.integer("max_backlog_count");
        Long bytes = f.longValue("max_backlog_bytes");
        return hours == null || count == null || bytes == null ? null : new OfflineLimits(hours, count, bytes);
    }

    private static KioskLimits kiosk(JsonFields f) {
        if (f == null) return null;
        f.onlyKnown(Set.of("max_fen_per_settlement", "account_allowed"));
        Long max = f.longValue("max_fen_per_settlement");
        Boolean account = f.bool("account_allowed");
        return max == null || account == null ? null : new KioskLimits(max, account);
    }

    private static Mode mode(JsonFields f) {
        String code = f.text("mode");
        if (code == null) return null;
        return Mode.ofCode(code).orElseGet(() -> f.wrong("mode", "counter（收银台，默认）或 kiosk（自助机）"));
    }

    private static Retention retention(JsonFields f) {
        if (f == null) return null;
        f.onlyKnown(Set.of("acked_claim_days", "receipt_days", "person_days"));
        Integer acked = f.integer("acked_claim_days");
        Integer receipts = f.integer("receipt_days");
        Integer persons = f.has("person_days") ? f.integer("person_days") : null;
        if (f.has("person_days") && persons == null) return null; // named but not a whole number: a problem already
        return acked == null || receipts == null ? null : new Retention(acked, receipts, persons);
    }

    private static Versions versions(JsonFields f) {
        if (f == null) return null;
        f.onlyKnown(Set.of("policy", "catalog", "trust"));
        return new Versions(f.text("policy"), f.text("catalog"), f.text("trust"));
    }

    /** {@code skew_s} may be left out too: the section then means the default. */
    private static Voucher voucher(JsonFields f) {
        if (f == null) return null;
        f.onlyKnown(Set.of("skew_s"));
        if (!f.has("skew_s")) return Voucher.DEFAULT;
        Integer skew = f.integer("skew_s");
        return skew == null ? null : new Voucher(skew);
    }

    private static Path path(String text) {
        return text == null ? null : Path.of(text);
    }

    /** The configuration as a JSON tree (the same shape {@link #read} accepts). */
    public static ObjectNode tree(DeviceConfig c) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("device_id", c.deviceId());
        ObjectNode inst = root.putObject("institution");
        inst.put("fixmedins_code", c.institution().fixmedinsCode());
        inst.put("fixmedins_name", c.institution().fixmedinsName());
        inst.put("admdvs", c.institution().admdvs());
        inst.put("hosp_lv", c.institution().hospLv());
        ObjectNode uplink = root.putObject("uplink");
        ArrayNode brokers = uplink.putArray("brokers");
        c.uplink().brokers().forEach(brokers::add);
        c.uplink().tls().ifPresent(tls -> {
            ObjectNode t = uplink.putObject("tls");
            t.put("ca", tls.caCert().toString());
            t.put("client_cert", tls.clientCert().toString());
            t.put("client_key", tls.clientKey().toString());
        });
        devices(root.putObject("devices"), c.devices());
        ObjectNode api = root.putObject("api");
        api.put("bind", c.api().bind());
        api.put("port", c.api().port());
        api.put("api_key_sha256", c.api().apiKeySha256());
        ObjectNode off = root.putObject("offline_limits");
        off.put("max_offline_hours", c.offline().maxOfflineHours());
        off.put("max_backlog_count", c.offline().maxBacklogCount());
        off.put("max_backlog_bytes", c.offline().maxBacklogBytes());
        ObjectNode kiosk = root.putObject("kiosk_limits");
        kiosk.put("max_fen_per_settlement", c.kiosk().maxFenPerSettlement());
        kiosk.put("account_allowed", c.kiosk().accountAllowed());
        root.put("mode", c.mode().code());
        ObjectNode ret = root.putObject("retention");
        ret.put("acked_claim_days", c.retention().ackedClaimDays());
        ret.put("receipt_days", c.retention().receiptDays());
        if (c.retention().personDays() != null) ret.put("person_days", c.retention().personDays());
        ObjectNode ver = root.putObject("versions");
        ver.put("policy", c.versions().policy());
        ver.put("catalog", c.versions().catalog());
        ver.put("trust", c.versions().trust());
        root.putObject("voucher").put("skew_s", c.voucher().skewSeconds());
        root.put("data_dir", c.dataDir().toString());
        return root;
    }

    private static void devices(ObjectNode d, Devices devices) {
        switch (devices.cardReader()) {
            case CardReader.Pcsc(String pattern) -> d.putObject("card_reader").put("name_pattern", pattern);
            case CardReader.Simulated s -> d.put("card_reader", "simulated");
        }
        switch (devices.scanner()) {
            case Scanner.Serial(String port, String prefix, String charset) ->
                    d.putObject("scanner").put("port", port).put("prefix", prefix).put("charset", charset);
            case Scanner.Simulated s -> d.put("scanner", "simulated");
        }
        ObjectNode p = d.putObject("printer");
        p.put("kind", devices.printer().kind().name().toLowerCase(java.util.Locale.ROOT));
        if (!devices.printer().address().isEmpty()) p.put("address", devices.printer().address());
        p.put("paper_width", devices.printer().paperWidthMm());
        switch (devices.gpio()) {
            case Gpio.Pins(var pins) -> {
                ObjectNode g = d.putObject("gpio");
                new TreeMap<>(pins).forEach(g::put);
            }
            case Gpio.Simulated s -> d.put("gpio", "simulated");
        }
    }

    /** The configuration file's bytes: indented UTF-8 JSON ending with a newline, deterministic. */
    public static byte[] write(DeviceConfig config) {
        try {
            return (MAPPER.writeValueAsString(tree(config)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a config tree always serialises", e);
        }
    }
}
