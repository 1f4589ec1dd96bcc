package org.yibao.provisioning.bundle;

import static org.yibao.provisioning.config.ProvisionReason.BUNDLE_BAD_CERT;
import static org.yibao.provisioning.config.ProvisionReason.BUNDLE_BAD_OPERATOR;
import static org.yibao.provisioning.config.ProvisionReason.BUNDLE_BAD_SIGNATURE;
import static org.yibao.provisioning.config.ProvisionReason.BUNDLE_BAD_TRUST_FILE;
import static org.yibao.provisioning.config.ProvisionReason.BUNDLE_CERT_MISMATCH;
import static org.yibao.provisioning.config.ProvisionReason.BUNDLE_EXPIRED;
import static org.yibao.provisioning.config.ProvisionReason.BUNDLE_MALFORMED;
import static org.yibao.provisioning.config.ProvisionReason.BUNDLE_OLDER;
import static org.yibao.provisioning.config.ProvisionReason.BUNDLE_WRONG_DEVICE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.yibao.provisioning.config.ConfigResult;
import org.yibao.provisioning.config.DeviceConfig;
import org.yibao.provisioning.config.DeviceConfigJson;
import org.yibao.provisioning.config.Problem;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.json.JsonSyntax;

/**
 * Verifies a provisioning bundle completely before anything is written, in this order: envelope
 * shape, signature by the provisioning root, payload shape, addressee (the device fingerprint and,
 * once provisioned, the device id), expiry, its issue time (not before the bundle in force's: an
 * older bundle, still within its {@code not_after}, must not silently undo a newer one), the certificates (client certificate issued by the
 * bundle's CA, valid now, for this device's key), the trust file, the first admin, and the
 * resulting {@link DeviceConfig}. Pure apart from reading its arguments: no file is touched.
 *
 * <p>The device-local sections ({@code devices}, {@code retention}, {@code voucher}) and the
 * {@code mode} come from the bundle when present, else from the current configuration, else
 * simulated devices, 30/180 days, the default voucher skew (30 s) and a counter: a kiosk
 * re-provisioned with a bundle that does not name its mode stays a kiosk.
 */
public final class BundleVerifier {
    /** The TLS paths written into the configuration (relative to the data folder). */
    public static final String CA_FILE = "current/ca.pem";
    public static final String CLIENT_CERT_FILE = "current/client.pem";
    public static final String TRUST_FILE = "current/voucher-trust.json";

    private final PublicKey root;
    private final DeviceKey deviceKey;
    private final Optional<DeviceConfig> current;
    private final Optional<Instant> issuedInForce;
    private final Path dataDir;
    private final BundleChecks checks;

    /**
     * {@code current} is the configuration in force and {@code issuedInForce} the issue time of the
     * bundle it came from (empty before the first apply, or for a bundle from before issue times).
     */
    public BundleVerifier(PublicKey root, DeviceKey deviceKey, Optional<DeviceConfig> current, Optional<Instant> issuedInForce,
                          Path dataDir, BundleChecks checks) {
        this.root = root;
        this.deviceKey = deviceKey;
        this.current = current;
        this.issuedInForce = issuedInForce;
        this.dataDir = dataDir.toAbsolutePath();
        this.checks = checks;
    }

    /** The verdict on {@code bundle} at instant {@code now}. */
    public BundleVerdict verify(byte[] bundle, Instant now) {
        JsonNode envelope;
        try {
            envelope = BundleJson.MAPPER.readTree(bundle);
        } catch (JsonProcessingException e) {
            return refused(BUNDLE_MALFORMED, "", JsonSyntax.describe(e));
        } catch (IOException e) {
            return refused(BUNDLE_MALFORMED, "", "读取出错（输入输出错误）");
        }
        if (envelope == null || envelope.isMissingNode()) return refused(BUNDLE_MALFORMED, "", "文件为空");
        if (!envelope.isObject()) return refused(BUNDLE_MALFORMED, "", "顶层须为 JSON 对象");
        if (!BundleJson.FORMAT.equals(envelope.path("format").asText(null))) return refused(BUNDLE_MALFORMED, "format", "须为 " + BundleJson.FORMAT);
        for (String key : List.of("payload", "signature")) {
            if (!envelope.path(key).isTextual()) return refused(BUNDLE_MALFORMED, key, "缺少或不是字符串");
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getUrlDecoder().decode(envelope.get("payload").textValue());
        } catch (IllegalArgumentException e) {
            return refused(BUNDLE_MALFORMED, "payload", "不是有效的 base64url 编码");
        }
        try {
            signature = Base64.getUrlDecoder().decode(envelope.get("signature").textValue());
        } catch (IllegalArgumentException e) {
            return refused(BUNDLE_MALFORMED, "signature", "不是有效的 base64url 编码");
        }
        if (!BundleJson.verifies(payload, signature, root)) {
            return refused(BUNDLE_BAD_SIGNATURE, "signature", "用本机的配置根公钥 " + BundleApplier.ROOT_FILE.toString().replace('\\', '/') + " 验证不通过");
        }
        JsonNode p;
        try {
            p = BundleJson.MAPPER.readTree(payload);
        } catch (JsonProcessingException e) {
            return refused(BUNDLE_MALFORMED, "payload", JsonSyntax.describe(e));
        } catch (IOException e) {
            return refused(BUNDLE_MALFORMED, "payload", "读取出错（输入输出错误）");
        }
        if (p == null || !p.isObject()) return refused(BUNDLE_MALFORMED, "payload", "须为 JSON 对象");
        return verifyPayload((ObjectNode) p, payload, bundle, now);
    }

    private BundleVerdict verifyPayload(ObjectNode p, byte[] payload, byte[] raw, Instant now) {
        try {
            checkAddressee(p);
            Instant notAfter = notAfter(p, now);
            checkIssuedAt(p);
            checkCertificates(p, now);
            byte[] trust = trustFile(p);
            FirstAdmin admin = firstAdmin(p);
            return switch (DeviceConfigJson.read(configTree(p))) {
                case ConfigResult.Invalid(List<Problem> problems) -> new BundleVerdict.Refused(problems);
                case ConfigResult.Valid(DeviceConfig config) -> new BundleVerdict.Verified(new VerifiedBundle(config,
                        p.get("ca_cert_pem").textValue(), p.get("client_cert_pem").textValue(), trust, admin, notAfter,
                        clientCert(p).getNotAfter().toInstant(), sha256(payload), raw));
            };
        } catch (RefusedStep e) {
            return new BundleVerdict.Refused(List.of(e.problem));
        }
    }

    /** The bundle is for this device's key and, once provisioned, for its device id. */
    private void checkAddressee(ObjectNode p) throws RefusedStep {
        String fingerprint = p.path("device_fingerprint").asText("");
        if (!fingerprint.equals(deviceKey.fingerprint())) {
            throw refusal(BUNDLE_WRONG_DEVICE, "device_fingerprint", "发给设备密钥 " + abbreviate(fingerprint) + "，本机为 " + abbreviate(deviceKey.fingerprint()));
        }
        String deviceId = p.path("device_id").asText("");
        if (current.isPresent() && !current.get().deviceId().equals(deviceId)) {
            throw refusal(BUNDLE_WRONG_DEVICE, "device_id", "发给终端 " + deviceId + "，本机为 " + current.get().deviceId());
        }
    }

    /** The bundle's {@code not_after}, still ahead of {@code now}. */
    private static Instant notAfter(ObjectNode p, Instant now) throws RefusedStep {
        Instant notAfter;
        try {
            notAfter = Instant.parse(p.path("not_after").asText(""));
        } catch (DateTimeParseException e) {
            throw refusal(BUNDLE_MALFORMED, "not_after", p.has("not_after")
                    ? "须为 ISO-8601 时间（如 2030-01-01T00:00:00Z），实为 " + shortened(p.get("not_after").asText(p.get("not_after").toString()))
                    : "缺少该键");
        }
        if (!now.isBefore(notAfter)) throw refusal(BUNDLE_EXPIRED, "not_after", "有效期至 " + notAfter + "，已过期");
        return notAfter;
    }

    /** The bundle's {@code issued_at} is there and not before the bundle in force's. */
    private void checkIssuedAt(ObjectNode p) throws RefusedStep {
        Optional<Instant> issuedAt = issuedAt(p);
        if (issuedAt.isEmpty()) {
            throw refusal(BUNDLE_MALFORMED, "issued_at", p.has("issued_at")
                    ? "须为 ISO-8601 时间（如 2026-12-04T08:00:00Z），实为 " + shortened(p.get("issued_at").asText(p.get("issued_at").toString()))
                    : "缺少该键");
        }
        if (issuedInForce.isPresent() && issuedAt.get().isBefore(issuedInForce.get())) {
            throw refusal(BUNDLE_OLDER, "issued_at", "签发于 " + issuedAt.get() + "，本机正在使用的配置包签发于 " + issuedInForce.get()
                    + "；如确需回到旧配置，请用 provision rollback 切换到保留的快照");
        }
    }

    /** The trust file as the file to write, checked as the technician CLI checks one, its version the one {@code versions} names. */
    private byte[] trustFile(ObjectNode p) throws RefusedStep {
        JsonNode t = p.get("trust_file");
        if (t == null) throw refusal(BUNDLE_BAD_TRUST_FILE, "trust_file", "缺少该键");
        if (!t.isObject()) throw refusal(BUNDLE_BAD_TRUST_FILE, "trust_file", "须为 JSON 对象");
        byte[] trust;
        try {
            trust = BundleJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(t);
        } catch (IOException e) {
            throw refusal(BUNDLE_BAD_TRUST_FILE, "trust_file", "无法写成 JSON 文件");
        }
        Optional<String> trustWhy = checks.trustFile(trust);
        if (trustWhy.isPresent()) throw refusal(BUNDLE_BAD_TRUST_FILE, "trust_file", trustWhy.get());
        String trustVersion = t.path("version").asText("");
        String versionsTrust = p.path("versions").path("trust").asText("");
        if (!trustVersion.equals(versionsTrust)) {
            throw refusal(BUNDLE_BAD_TRUST_FILE, "versions.trust", (versionsTrust.isEmpty() ? "缺少" : "为 " + shortened(versionsTrust))
                    + "，与 trust_file.version（" + shortened(trustVersion) + "）不一致");
        }
        return trust;
    }

    /** The first admin, its three texts there and accepted by the operators' rules. */
    private FirstAdmin firstAdmin(ObjectNode p) throws RefusedStep {
        JsonNode a = p.path("first_admin");
        if (!a.isObject()) throw refusal(BUNDLE_BAD_OPERATOR, "first_admin", a.isMissingNode() ? "缺少该键" : "须为 JSON 对象");
        for (String key : List.of("opter_no", "name", "one_time_password")) {
            if (!a.path(key).isTextual()) throw refusal(BUNDLE_BAD_OPERATOR, "first_admin." + key, "缺少或不是字符串");
        }
        FirstAdmin admin = new FirstAdmin(a.get("opter_no").textValue(), a.get("name").textValue(),
                a.get("one_time_password").textValue().toCharArray());
        Optional<String> adminWhy = checks.firstAdmin(admin);
        if (adminWhy.isPresent()) throw refusal(BUNDLE_BAD_OPERATOR, "first_admin", adminWhy.get());
        return admin;
    }

    /** The client certificate: issued by the bundle's CA, both valid at {@code now}, for this device's key. */
    private void checkCertificates(JsonNode p, Instant now) throws RefusedStep {
        X509Certificate ca;
        X509Certificate client;
        try {
            ca = Pem.certificate(p.path("ca_cert_pem").asText(""));
        } catch (IOException | RuntimeException e) {
            throw refusal(BUNDLE_BAD_CERT, "ca_cert_pem", "不是 PEM 格式的证书");
        }
        try {
            client = Pem.certificate(p.path("client_cert_pem").asText(""));
        } catch (IOException | RuntimeException e) {
            throw refusal(BUNDLE_BAD_CERT, "client_cert_pem", "不是 PEM 格式的证书");
        }
        try {
            client.verify(ca.getPublicKey(), org.yibao.provisioning.identity.Bc.provider());
        } catch (GeneralSecurityException e) {
            throw refusal(BUNDLE_BAD_CERT, "client_cert_pem", "不是由 ca_cert_pem 中的 CA 签发的");
        }
        Optional<Problem> expired = validity("client_cert_pem", client, now).or(() -> validity("ca_cert_pem", ca, now));
        if (expired.isPresent()) throw new RefusedStep(expired.get());
        if (!DeviceKey.fingerprint(client.getPublicKey()).equals(deviceKey.fingerprint())) {
            throw refusal(BUNDLE_CERT_MISMATCH, "client_cert_pem", "证书公钥 " + abbreviate(DeviceKey.fingerprint(client.getPublicKey()))
                    + " 不是本机密钥 " + abbreviate(deviceKey.fingerprint()));
        }
    }

    /** The payload's {@code issued_at}, empty when it is missing or not an ISO-8601 instant. */
    public static Optional<Instant> issuedAt(JsonNode payload) {
        JsonNode value = payload.path("issued_at");
        if (!value.isTextual()) return Optional.empty();
        try {
            return Optional.of(Instant.parse(value.textValue()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Why {@code certificate} (at {@code key}) is not valid at {@code now}: expired or not yet valid, with the dates. */
    private static Optional<Problem> validity(String key, X509Certificate certificate, Instant now) {
        Instant from = certificate.getNotBefore().toInstant();
        Instant to = certificate.getNotAfter().toInstant();
        if (now.isAfter(to)) return Optional.of(new Problem(BUNDLE_BAD_CERT, key, "有效期至 " + to + "，已过期"));
        if (now.isBefore(from)) return Optional.of(new Problem(BUNDLE_BAD_CERT, key, "自 " + from + " 起生效，尚未生效"));
        return Optional.empty();
    }

    /** A value from the bundle, cut to 64 characters so a long or hostile value cannot flood the message. */
    private static String shortened(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }

    private static X509Certificate clientCert(JsonNode p) {
        try {
            return Pem.certificate(p.path("client_cert_pem").asText(""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configuration tree: the bundle's centre sections over the device-local ones. */
    private ObjectNode configTree(ObjectNode p) {
        ObjectNode c = BundleJson.MAPPER.createObjectNode();
        ObjectNode base = current.map(DeviceConfigJson::tree).orElseGet(BundleVerifier::localDefaults);
        c.put("format", DeviceConfigJson.FORMAT);
        c.set("device_id", p.get("device_id"));
        c.set("institution", p.get("institution"));
        ObjectNode uplink = c.putObject("uplink");
        uplink.set("brokers", p.get("brokers"));
        uplink.putObject("tls").put("ca", CA_FILE).put("client_cert", CLIENT_CERT_FILE)
                .put("client_key", org.yibao.provisioning.identity.DeviceKeyStore.KEY_FILE.toString());
        c.set("devices", p.has("devices") ? p.get("devices") : base.get("devices"));
        c.set("api", p.get("api"));
        c.set("offline_limits", p.get("offline_limits"));
        c.set("kiosk_limits", p.get("kiosk_limits"));
        c.set("retention", p.has("retention") ? p.get("retention") : base.get("retention"));
        c.set("versions", p.get("versions"));
        JsonNode voucher = p.has("voucher") ? p.get("voucher") : base.get("voucher");
        if (voucher != null) c.set("voucher", voucher);
        JsonNode mode = p.has("mode") ? p.get("mode") : base.get("mode");
        if (mode != null) c.set("mode", mode);
        c.put("data_dir", dataDir.toString());
        return c;
    }

    private static ObjectNode localDefaults() {
        ObjectNode base = BundleJson.MAPPER.createObjectNode();
        ObjectNode d = base.putObject("devices");
        d.put("card_reader", "simulated").put("scanner", "simulated").put("gpio", "simulated");
        d.putObject("printer").put("kind", "simulated").put("paper_width", 80);
        base.putObject("retention").put("acked_claim_days", 30).put("receipt_days", 180);
        return base;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String fingerprint) {
        return fingerprint.length() > 16 ? fingerprint.substring(0, 16) + "…" : fingerprint;
    }

    private static BundleVerdict refused(ProvisionReason reason, String path, String why) {
        return new BundleVerdict.Refused(List.of(new Problem(reason, path, why)));
    }

    private static RefusedStep refusal(ProvisionReason reason, String path, String why) {
        return new RefusedStep(new Problem(reason, path, why));
    }

    /** A check of the payload that refused it; caught in {@link #verifyPayload}, never leaves the class. */
    private static final class RefusedStep extends Exception {
        private final transient Problem problem;

        RefusedStep(Problem problem) {
            super(problem.path(), null, false, false);
            this.problem = problem;
        }
    }

}
