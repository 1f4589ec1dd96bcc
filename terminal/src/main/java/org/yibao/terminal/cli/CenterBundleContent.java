package org.yibao.terminal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yibao.provisioning.bundle.BundleJson;
import org.yibao.provisioning.json.JsonSyntax;
import picocli.CommandLine.Option;

/**
 * The centre-chosen part of a bundle's payload, as {@code terminal center bundle} options (a
 * picocli mixin): everything but the addressee, times, certificates and the first admin's
 * password. Values are passed on as given; the device's own checks judge them
 * ({@code ReferenceBundleMaker}). Limits default to the README's defaults.
 */
final class CenterBundleContent {
    @Option(names = "--device-id", paramLabel = "ID", required = true, description = "the device id (also the client certificate's CN)") String deviceId;
    @Option(names = "--fixmedins-code", paramLabel = "CODE", required = true, description = "institution.fixmedins_code (12 characters)") String fixmedinsCode;
    @Option(names = "--fixmedins-name", paramLabel = "NAME", required = true, description = "institution.fixmedins_name") String fixmedinsName;
    @Option(names = "--admdvs", paramLabel = "ADMDVS", required = true, description = "institution.admdvs (6 digits)") String admdvs;
    @Option(names = "--hosp-lv", paramLabel = "LV", required = true, description = "institution.hosp_lv: 1, 2, 3 or pharmacy") String hospLv;
    @Option(names = "--broker", required = true, paramLabel = "URL", description = "uplink broker, ssl://host:port or tcp://host:port (repeatable)") List<String> brokers;
    @Option(names = "--trust", required = true, paramLabel = "FILE", description = "the voucher trust file (JSON, as voucher keygen --trust-out writes it); its version becomes versions.trust") Path trust;
    @Option(names = "--policy-version", paramLabel = "VERSION", required = true, description = "versions.policy") String policyVersion;
    @Option(names = "--catalog-version", paramLabel = "VERSION", required = true, description = "versions.catalog") String catalogVersion;
    @Option(names = "--admin-opter-no", paramLabel = "OPTER_NO", required = true, description = "first_admin.opter_no") String adminOpterNo;
    @Option(names = "--admin-name", paramLabel = "NAME", required = true, description = "first_admin.name") String adminName;
    @Option(names = "--mode", paramLabel = "counter|kiosk", description = "counter or kiosk (left out: the device keeps its mode, a new one is a counter)") String mode;
    @Option(names = "--api-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "api.bind (default ${DEFAULT-VALUE})") String apiBind;
    @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "8080", description = "api.port (default ${DEFAULT-VALUE})") int apiPort;
    @Option(names = "--api-key-sha256", required = true, paramLabel = "HEX", description = "api.api_key_sha256: lower-case hex SHA-256 of the POS's API key") String apiKeySha256;
    @Option(names = "--max-offline-hours", paramLabel = "H", defaultValue = "72", description = "offline_limits.max_offline_hours (default ${DEFAULT-VALUE})") int maxOfflineHours;
    @Option(names = "--max-backlog-count", paramLabel = "N", defaultValue = "5000", description = "offline_limits.max_backlog_count (default ${DEFAULT-VALUE})") int maxBacklogCount;
    @Option(names = "--max-backlog-bytes", paramLabel = "BYTES", defaultValue = "52428800", description = "offline_limits.max_backlog_bytes (default ${DEFAULT-VALUE})") long maxBacklogBytes;
    @Option(names = "--kiosk-max-fen", paramLabel = "FEN", defaultValue = "50000", description = "kiosk_limits.max_fen_per_settlement, fen (default ${DEFAULT-VALUE})") long kioskMaxFen;
    @Option(names = "--kiosk-account-allowed", description = "kiosk_limits.account_allowed (default false)") boolean kioskAccountAllowed;

    /** The payload's centre-chosen fields; {@code password} is the first admin's one-time password. IOException: the trust file. */
    ObjectNode payload(char[] password) throws IOException {
        JsonNode trustFile = trustFile();
        ObjectNode p = BundleJson.mapper().createObjectNode();
        p.put("device_id", deviceId);
        p.putObject("institution").put("fixmedins_code", fixmedinsCode).put("fixmedins_name", fixmedinsName)
                .put("admdvs", admdvs).put("hosp_lv", hospLv);
        brokers.forEach(p.putArray("brokers")::add);
        p.set("trust_file", trustFile);
        p.putObject("versions").put("policy", policyVersion).put("catalog", catalogVersion)
                .put("trust", trustFile.path("version").asText(""));
        p.putObject("offline_limits").put("max_offline_hours", maxOfflineHours).put("max_backlog_count", maxBacklogCount)
                .put("max_backlog_bytes", maxBacklogBytes);
        p.putObject("kiosk_limits").put("max_fen_per_settlement", kioskMaxFen).put("account_allowed", kioskAccountAllowed);
        p.putObject("api").put("bind", apiBind).put("port", apiPort).put("api_key_sha256", apiKeySha256);
        if (mode != null) p.put("mode", mode);
        p.putObject("first_admin").put("opter_no", adminOpterNo).put("name", adminName)
                .put("one_time_password", new String(password));
        return p;
    }

    private JsonNode trustFile() throws IOException {
        try {
            JsonNode node = BundleJson.mapper().readTree(Files.readAllBytes(trust));
            if (node == null || !node.isObject()) throw new IOException("信任文件 " + trust + " 须为 JSON 对象");
            return node;
        } catch (NoSuchFileException e) {
            throw new IOException("信任文件不存在：" + trust, e);
        } catch (JsonProcessingException e) {
            throw new IOException("信任文件 " + trust + " 不是有效的 JSON：" + JsonSyntax.describe(e), e);
        }
    }
}
