package org.yibao.terminal.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yibao.provisioning.config.Problem;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.terminal.api.http.ApiTls;
import org.yibao.terminal.api.http.ApiTlsException;

/**
 * The run file's {@code api_tls: {cert: FILE, key: FILE}}: HTTPS on the local API with the
 * certificate chain and private key in those PEM files (paths relative to the run file's folder).
 * Absent means plain HTTP. Everything wrong is a problem named by its path ({@code api_tls.key}):
 * 1902 for a missing file name, 1903 for a file the API cannot use ({@link ApiTls#load}).
 */
final class ApiTlsSection {
    static final String KEY = "api_tls";
    private static final Set<String> FIELDS = Set.of(ApiTlsException.CERT, ApiTlsException.KEY);
    private static final String FORM = "应为 {cert: 证书链 PEM 文件, key: 私钥 PEM 文件}（路径相对于运行配置文件所在目录）";

    private ApiTlsSection() {
    }

    /** The section under {@code base} (the run file's folder); empty when absent or wrong, with {@code problems} filled then. */
    static Optional<ApiTls> read(Path base, JsonNode section, List<Problem> problems) {
        if (section == null || section.isNull()) return Optional.empty();
        if (!section.isObject()) {
            problems.add(new Problem(ProvisionReason.CONFIG_INVALID, KEY, FORM));
            return Optional.empty();
        }
        int before = problems.size();
        section.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) problems.add(new Problem(ProvisionReason.CONFIG_INVALID, KEY + "." + name, "未知的配置项；" + FORM));
        });
        Path cert = file(base, section, ApiTlsException.CERT, problems);
        Path key = file(base, section, ApiTlsException.KEY, problems);
        if (problems.size() > before) return Optional.empty();
        try {
            return Optional.of(ApiTls.load(cert, key));
        } catch (ApiTlsException e) {
            problems.add(new Problem(ProvisionReason.CONFIG_INVALID, KEY + "." + e.field(), e.getMessage()));
            return Optional.empty();
        }
    }

    private static Path file(Path base, JsonNode section, String field, List<Problem> problems) {
        JsonNode name = section.get(field);
        if (name == null || name.isNull() || name.isTextual() && name.asText().isBlank()) {
            problems.add(new Problem(ProvisionReason.CONFIG_MISSING, KEY + "." + field, "必填；" + FORM));
            return null;
        }
        if (!name.isTextual()) {
            problems.add(new Problem(ProvisionReason.CONFIG_INVALID, KEY + "." + field, "应为文件路径（文本）；" + FORM));
            return null;
        }
        return base.resolve(name.asText());
    }
}
