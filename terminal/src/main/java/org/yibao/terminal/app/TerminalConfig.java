package org.yibao.terminal.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.provisioning.config.ConfigRules;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.config.DeviceConfigJson;
import org.yibao.provisioning.config.Problem;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.terminal.api.http.ApiKey;
import org.yibao.terminal.api.http.ApiTls;
import org.yibao.terminal.flow.FlowSettings;
import org.yibao.terminal.policy.PlainNumbers;
import org.yibao.terminal.provision.ConfigFileException;
import org.yibao.terminal.provision.ConfigSections;
import org.yibao.terminal.provision.RunFileBytes;
import org.yibao.terminal.text.StrictUtf8;

/**
 * The production service's configuration ({@code terminal run --config FILE}), YAML or JSON,
 * validated on load and immutable after. Relative paths are resolved against the file's folder.
 *
 * <pre>
 * device_id: T01                      # fleet-unique, [A-Za-z0-9_.-]{1,64}
 * institution:
 *   fixmedins_code: H00000000001
 *   fixmedins_name: 演示药店
 *   admdvs: "371502"
 *   hosp_lv: pharmacy
 * data_dir: /var/lib/yibao-terminal   # terminal.db lives here
 * policy: policy.yaml                 # the area's policy (required)
 * catalog: catalog.tsv                # imported at start when the database has no catalogue yet
 * codemap: codemap.tsv                # likewise for the 对照 table
 * centre:                             # or "centre: none" for a terminal without uplink
 *   broker: tcp://broker.example:1883
 * api: {bind: 0.0.0.0, port: 8080, api_key_sha256: 64 hex digits}   # bind 127.0.0.1 and no key by default
 * kiosk_limits: {max_fen_per_settlement: 50000, account_allowed: false}
 * mode: counter                       # or kiosk: person and money transactions only as opter_type 2
 * offline_limits: {max_offline_hours: 72, max_backlog_count: 5000, max_backlog_bytes: 52428800}
 * retention: {acked_claim_days: 30, receipt_days: 365, person_days: 180}
 * sign_in: {expiry_minutes: 720}      # how long a 9001 sign_no stays valid without a 9002 (default 12 h)
 * api_tls: {cert: api.crt, key: api.key}   # HTTPS on the API: certificate chain and private key, PEM (default plain HTTP)
 * </pre>
 *
 * The last five keys ({@code api}, {@code kiosk_limits}, {@code mode}, {@code offline_limits},
 * {@code retention}) have the names and forms of the provisioned {@code config.json}'s and are
 * resolved each on its own ({@link ConfigSections}): the run file's, else the provisioned
 * configuration's, else the defaults (loopback on port 8080 without a key, {@link #DEFAULT_KIOSK},
 * a counter, {@link OutboxPolicy#defaults()}). In the run file {@code api.api_key_sha256} may be
 * left out (loopback only) and {@code api.port} may be 0 (any free port) or left out (8080). The offline
 * limits and {@code acked_claim_days} become the outbox's limits as {@link OutboxLimits} says;
 * {@code receipt_days} is {@code receiptRetention}, {@code person_days} {@code personRetention}. {@code sign_in} and {@code api_tls} are the
 * run file's only ({@link ApiTlsSection}).
 *
 * @param api    where the local API listens and the key it requires
 * @param centre where claims go: {@link Centre.Mqtt} or {@link Centre.None}
 * @param kiosk  what a kiosk (opter_type 2) may settle without a cashier
 * @param mode   a counter's terminal, or a kiosk's (person and money transactions only as opter_type 2)
 * @param outbox the outbox's backlog limits and retention
 * @param signInExpiry how long a sign_no from 9001 authorises its operator's requests without a 9002
 *               (run file only: {@code sign_in.expiry_minutes}, 1 to {@value #MAX_SIGN_IN_EXPIRY_MINUTES}; default 12 h)
 * @param receiptRetention how long a printed receipt is kept for reprint ({@code retention.receipt_days};
 *               default {@link ReceiptRetention#DEFAULT})
 * @param personRetention how long a person's data is kept after the terminal last saw them
 *               ({@code retention.person_days}; default {@link PersonRetention#DEFAULT})
 */
public record TerminalConfig(String deviceId, Institution institution, Path dataDir, Path policy,
                             Optional<Path> catalog, Optional<Path> codeMap, Api api, Centre centre,
                             FlowSettings.KioskLimits kiosk, FlowSettings.Mode mode, OutboxPolicy outbox,
                             Duration signInExpiry, Duration receiptRetention, Duration personRetention) {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalConfig.class);


    /** A kiosk's limits when no configuration names any: 500.00 元 a settlement, no personal account. */
    public static final FlowSettings.KioskLimits DEFAULT_KIOSK = new FlowSettings.KioskLimits(50_000, false);

    /** How long a sign_no stays valid when the run file has no {@code sign_in.expiry_minutes}: 12 hours. */
    public static final Duration DEFAULT_SIGN_IN_EXPIRY = Duration.ofHours(12);

    /** The longest sign-in expiry a run file may set: a week, in minutes. */
    public static final long MAX_SIGN_IN_EXPIRY_MINUTES = 7 * 24 * 60;

    /** The designated institution this terminal serves. */
    public record Institution(String fixmedinsCode, String fixmedinsName, String admdvs, String hospLv) {
    }

    /** The centre link: an MQTT v5 broker, or none (always offline). */
    public sealed interface Centre permits Centre.Mqtt, Centre.None {
        /** Claims and questions go through {@code brokerUri} ({@code tcp://} or {@code ssl://}). */
        record Mqtt(String brokerUri) implements Centre {
        }

        /** No uplink: every settlement is offline. */
        record None() implements Centre {
        }
    }

    /**
     * The local API: the address it listens on, its port (0: any free one) and the SHA-256 (64
     * lower-case hex digits) of the key every request must then carry in {@value ApiKey#HEADER},
     * loopback included; empty for no key, which only a loopback address allows. With {@code tls}
     * (the run file's {@code api_tls}) it serves HTTPS only.
     */
    public record Api(InetAddress bind, int port, Optional<String> keySha256, Optional<ApiTls> tls) {
        public Api {
            Objects.requireNonNull(bind, "bind");
            keySha256 = Objects.requireNonNullElse(keySha256, Optional.empty());
            tls = Objects.requireNonNullElse(tls, Optional.empty());
        }

        /** As the canonical constructor, plain HTTP. */
        public Api(InetAddress bind, int port, Optional<String> keySha256) {
            this(bind, port, keySha256, Optional.empty());
        }

        /** This API served over HTTPS with {@code tls} (empty: plain HTTP). */
        public Api withTls(Optional<ApiTls> tls) {
            return new Api(bind, port, keySha256, tls);
        }

        /** Loopback on {@code port}, no key: what a configuration without an {@code api} section means (port 8080). */
        public static Api loopback(int port) {
            return new Api(InetAddress.getLoopbackAddress(), port, Optional.empty());
        }

        /** The key the server checks, when one is configured. */
        public Optional<ApiKey> key() {
            return keySha256.map(ApiKey::ofSha256);
        }

        /** {@code api} with its bind address parsed (an IP literal or {@code localhost}, never a name to look up); null with a problem when it is neither. */
        static Api of(DeviceConfig.Api api, List<Problem> problems) {
            InetAddress bind = null;
            try {
                bind = "localhost".equalsIgnoreCase(api.bind()) ? InetAddress.getLoopbackAddress() : InetAddress.ofLiteral(api.bind());
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(ProvisionReason.CONFIG_INVALID, "api.bind",
                        "应为 IP 地址（127.0.0.1、0.0.0.0、192.168.1.20）或 localhost，不用主机名（每次启动都要解析）"));
            }
            return bind == null ? null : new Api(bind, api.port(), Optional.ofNullable(api.apiKeySha256()));
        }
    }

    public TerminalConfig {
        List<Problem> problems = problems(deviceId, institution, dataDir, policy, api, centre);
        if (!problems.isEmpty()) throw invalid(problems);
        catalog = Objects.requireNonNullElse(catalog, Optional.empty());
        codeMap = Objects.requireNonNullElse(codeMap, Optional.empty());
        Objects.requireNonNull(centre, "centre");
        Objects.requireNonNull(kiosk, "kiosk");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(signInExpiry, "signInExpiry");
        if (signInExpiry.isNegative() || signInExpiry.isZero()) throw new IllegalArgumentException("signInExpiry must be positive: " + signInExpiry);
        Objects.requireNonNull(receiptRetention, "receiptRetention");
        if (receiptRetention.isNegative() || receiptRetention.isZero()) {
            throw new IllegalArgumentException("receiptRetention must be positive: " + receiptRetention);
        }
        Objects.requireNonNull(personRetention, "personRetention");
        if (personRetention.isNegative() || personRetention.isZero()) {
            throw new IllegalArgumentException("personRetention must be positive: " + personRetention);
        }
    }

    /** As the canonical constructor, with the default persons' retention ({@link PersonRetention#DEFAULT}). */
    public TerminalConfig(String deviceId, Institution institution, Path dataDir, Path policy, Optional<Path> catalog,
                          Optional<Path> codeMap, Api api, Centre centre, FlowSettings.KioskLimits kiosk,
                          FlowSettings.Mode mode, OutboxPolicy outbox, Duration signInExpiry, Duration receiptRetention) {
        this(deviceId, institution, dataDir, policy, catalog, codeMap, api, centre, kiosk, mode, outbox, signInExpiry,
                receiptRetention, PersonRetention.DEFAULT);
    }

    /** As the canonical constructor, with the default receipt retention ({@link ReceiptRetention#DEFAULT}). */
    public TerminalConfig(String deviceId, Institution institution, Path dataDir, Path policy, Optional<Path> catalog,
                          Optional<Path> codeMap, Api api, Centre centre, FlowSettings.KioskLimits kiosk,
                          FlowSettings.Mode mode, OutboxPolicy outbox, Duration signInExpiry) {
        this(deviceId, institution, dataDir, policy, catalog, codeMap, api, centre, kiosk, mode, outbox, signInExpiry,
                ReceiptRetention.DEFAULT);
    }

    /** As the canonical constructor, with the default sign-in expiry ({@link #DEFAULT_SIGN_IN_EXPIRY}). */
    public TerminalConfig(String deviceId, Institution institution, Path dataDir, Path policy, Optional<Path> catalog,
                          Optional<Path> codeMap, Api api, Centre centre, FlowSettings.KioskLimits kiosk,
                          FlowSettings.Mode mode, OutboxPolicy outbox) {
        this(deviceId, institution, dataDir, policy, catalog, codeMap, api, centre, kiosk, mode, outbox, DEFAULT_SIGN_IN_EXPIRY);
    }

    /** As the canonical constructor, the API on loopback at {@code apiPort} without a key, the default kiosk and outbox limits, a counter. */
    public TerminalConfig(String deviceId, Institution institution, Path dataDir, Path policy, Optional<Path> catalog,
                          Optional<Path> codeMap, int apiPort, Centre centre) {
        this(deviceId, institution, dataDir, policy, catalog, codeMap, Api.loopback(apiPort), centre, DEFAULT_KIOSK,
                FlowSettings.Mode.COUNTER, OutboxPolicy.defaults());
    }

    /**
     * Loads and validates {@code file}, the sections it shares with the provisioned configuration
     * falling back to the one in force in its data folder; a bad file is an
     * {@link IllegalArgumentException} naming every field that is wrong.
     */
    public static TerminalConfig load(Path file) throws IOException {
        JsonNode root = parse(file);
        if (root == null || !root.isObject()) {
            throw ConfigFileException.of("configuration", List.of(new Problem(ProvisionReason.CONFIG_MALFORMED, "",
                    file.getFileName() + " 应为键值对（YAML 映射或 JSON 对象）")));
        }
        Path base = file.toAbsolutePath().getParent();
        List<String> unknown = RunFileKeys.unknown(root);
        if (!unknown.isEmpty()) {
            LOG.warn("run file {}: unknown key(s) {} ignored; a misspelt key takes no effect (known: {})", file, unknown,
                    new TreeSet<>(RunFileKeys.KNOWN));
        }
        JsonNode inst = root.path("institution");
        JsonNode centreNode = root.path("centre");
        Centre centre = centreNode.isTextual() && "none".equals(centreNode.asText()) || centreNode.isMissingNode()
                ? new Centre.None() : new Centre.Mqtt(text(centreNode, "broker"));
        String deviceId = text(root, "device_id");
        Institution institution = new Institution(text(inst, "fixmedins_code"), text(inst, "fixmedins_name"),
                text(inst, "admdvs"), text(inst, "hosp_lv"));
        List<Problem> found = new ArrayList<>();
        Path dataDir = path(base, pathText(root, "data_dir", found));
        Path policy = path(base, pathText(root, "policy", found));
        ConfigSections sections = ConfigSections.of(root, dataDir);
        Api api = sections.section("api", DeviceConfigJson::readRunApi, DeviceConfig::api).map(a -> Api.of(a, found))
                .orElse(Api.loopback(DeviceConfigJson.RUN_API_PORT));
        FlowSettings.KioskLimits kiosk = sections.section("kiosk_limits", DeviceConfigJson::readKioskLimits, DeviceConfig::kiosk)
                .map(k -> new FlowSettings.KioskLimits(k.maxFenPerSettlement(), k.accountAllowed())).orElse(DEFAULT_KIOSK);
        FlowSettings.Mode mode = sections.section("mode", DeviceConfigJson::readMode, DeviceConfig::mode)
                .map(TerminalConfig::mode).orElse(FlowSettings.Mode.COUNTER);
        Optional<DeviceConfig.Retention> retention = sections.section("retention", DeviceConfigJson::readRetention, DeviceConfig::retention);
        OutboxPolicy outbox = OutboxLimits.of(
                sections.section("offline_limits", DeviceConfigJson::readOfflineLimits, DeviceConfig::offline), retention);
        Duration signInExpiry = signInExpiry(root.get("sign_in"), found);
        Optional<ApiTls> tls = ApiTlsSection.read(base, root.get(ApiTlsSection.KEY), found);
        if (api != null) api = api.withTls(tls);
        Path catalog = path(base, pathText(root, "catalog", found));
        Path codemap = path(base, pathText(root, "codemap", found));
        List<Problem> problems = problems(deviceId, institution, dataDir, policy, api, centre);
        problems.removeIf(p -> p.reason() == ProvisionReason.CONFIG_MISSING && found.stream().anyMatch(f -> f.path().equals(p.path())));
        problems.addAll(found);
        problems.addAll(sections.problems());
        if (!problems.isEmpty()) throw invalid(problems);
        return new TerminalConfig(deviceId, institution, dataDir, policy,
                Optional.ofNullable(catalog), Optional.ofNullable(codemap),
                api, centre, kiosk, mode, outbox, signInExpiry, ReceiptRetention.of(retention), PersonRetention.of(retention));
    }

    /** The run file's {@code sign_in: {expiry_minutes: N}}, else {@link #DEFAULT_SIGN_IN_EXPIRY}; a bad value is a problem named by its path. */
    private static Duration signInExpiry(JsonNode section, List<Problem> problems) {
        if (section == null || section.isNull()) return DEFAULT_SIGN_IN_EXPIRY;
        if (!section.isObject()) {
            problems.add(invalid("sign_in", "应为 {expiry_minutes: 分钟数}"));
            return DEFAULT_SIGN_IN_EXPIRY;
        }
        JsonNode minutes = section.get("expiry_minutes");
        if (minutes == null || minutes.isNull()) return DEFAULT_SIGN_IN_EXPIRY;
        if (!minutes.isIntegralNumber() || !minutes.canConvertToLong() || minutes.asLong() < 1 || minutes.asLong() > MAX_SIGN_IN_EXPIRY_MINUTES) {
            problems.add(invalid("sign_in.expiry_minutes", "应为 1-" + MAX_SIGN_IN_EXPIRY_MINUTES + " 的整数（分钟：签到号在此时间后失效，须重新签到 9001），实为 " + minutes));
            return DEFAULT_SIGN_IN_EXPIRY;
        }
        return Duration.ofMinutes(minutes.asLong());
    }

    private static FlowSettings.Mode mode(DeviceConfig.Mode configured) {
        return switch (configured) {
            case COUNTER -> FlowSettings.Mode.COUNTER;
            case KIOSK -> FlowSettings.Mode.KIOSK;
        };
    }

    private static List<Problem> problems(String deviceId, Institution institution, Path dataDir, Path policy, Api api,
                                         Centre centre) {
        List<Problem> problems = new ArrayList<>();
        if (deviceId == null || !deviceId.matches("[A-Za-z0-9_.-]{1,64}")) problems.add(invalid("device_id", "应为 1-64 个字符（A-Z a-z 0-9 _ . -）"));
        if (institution == null || blank(institution.fixmedinsCode()) || blank(institution.admdvs()) || blank(institution.hospLv())) {
            problems.add(missing("institution", "fixmedins_code、admdvs 和 hosp_lv 均为必填"));
        } else if (!ConfigRules.HOSP_LV.contains(institution.hospLv())) {
            problems.add(invalid("institution.hosp_lv", "\"1\"、\"2\"、\"3\" 或 \"pharmacy\"（本机的机构等级，用于匹配政策规则），实为 " + institution.hospLv()));
        }
        if (dataDir == null) problems.add(missing("data_dir", "必填"));
        if (policy == null) problems.add(missing("policy", "必填"));
        if (api == null) problems.add(missing("api", "必填"));
        else apiProblems(api, problems);
        if (centre instanceof Centre.Mqtt(String uri) && (uri == null || !uri.matches("(tcp|ssl)://.+"))) {
            problems.add(invalid("centre.broker", "应为 tcp://主机:端口 或 ssl://主机:端口"));
        }
        return problems;
    }

    /** "1903 配置项取值无效：path: why", as the provisioning checks word it. */
    private static Problem invalid(String path, String why) {
        return new Problem(ProvisionReason.CONFIG_INVALID, path, why);
    }

    /** "1902 配置缺少必填项：path: why". */
    private static Problem missing(String path, String why) {
        return new Problem(ProvisionReason.CONFIG_MISSING, path, why);
    }

    private static void apiProblems(Api api, List<Problem> problems) {
        if (api.port() < 0 || api.port() > 65535) problems.add(invalid("api.port", "应为0-65535"));
        if (api.keySha256().isPresent() && !api.keySha256().get().matches("[0-9a-f]{64}")) {
            problems.add(invalid("api.api_key_sha256", "应为64 位小写十六进制数字"));
        }
        if (!api.bind().isLoopbackAddress() && api.keySha256().isEmpty()) {
            problems.add(new Problem(ProvisionReason.CONFIG_MISSING, "api.api_key_sha256", "api.bind " + api.bind().getHostAddress()
                    + " 不是本机回环地址，必须配置接口密钥：填写密钥的 SHA-256（64 位小写十六进制），POS 主机在请求头 "
                    + ApiKey.HEADER + " 中发送密钥本身"));
        }
    }

    /**
     * {@code file} as YAML (JSON is YAML too); bytes that are not UTF-8 (a file saved as GBK) are
     * 1901 saying so, a syntax error is 1901 with its line and column, a
     * number not written as a plain decimal 1903 ({@code device_id: 0123} would be read as octal, "83").
     */
    private static JsonNode parse(Path file) throws IOException {
        try {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            byte[] bytes = RunFileBytes.read(file); // a folder, a device, a pipe or a huge file: 1967, not a hang or an OutOfMemoryError
            if (StrictUtf8.decode(bytes).isEmpty()) {
                throw ConfigFileException.of("configuration", List.of(new Problem(ProvisionReason.CONFIG_MALFORMED, "",
                        file.getFileName() + " 不是UTF-8编码（运行配置须以 UTF-8 保存，不能用 GBK）")));
            }
            JsonNode root = yaml.readTree(bytes);
            List<Problem> notPlain = PlainNumbers.of(yaml, bytes).all().entrySet().stream()
                    .map(e -> new Problem(ProvisionReason.CONFIG_INVALID, e.getKey(), PlainNumbers.why(e.getValue()))).toList();
            if (!notPlain.isEmpty()) throw invalid(notPlain);
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "第 " + at.getLineNr() + " 行第 " + at.getColumnNr() + " 列";
            throw ConfigFileException.of("configuration", List.of(new Problem(ProvisionReason.CONFIG_MALFORMED, "",
                    file.getFileName() + " " + where + "无法解析（运行配置为 YAML 或 JSON）")));
        }
    }

    private static ConfigFileException invalid(List<Problem> problems) {
        return ConfigFileException.of("configuration", problems);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /**
     * A path field's text; a list, a map or a yes/no there is a 1903 naming the field (read as
     * text it would be "" and called missing, or "true" and taken for a folder name).
     */
    private static String pathText(JsonNode root, String field, List<Problem> problems) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull() || v.isTextual() || v.isNumber()) return text(root, field);
        String given = v.isArray() ? "列表" : v.isObject() ? "映射" : v.isBoolean() ? "是/否值 " + v.asText() : v.getNodeType().name();
        problems.add(invalid(field, "应为路径（文本），实为" + given));
        return null;
    }

    private static Path path(Path base, String text) {
        return text == null || text.isBlank() ? null : base.resolve(text);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
