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
import org.yibao.terminal.api.http.PemFile;

/**
 * The run file's {@code api_tls: {cert: FILE, key: FILE}}: HTTPS on the local API with the
 * certificate chain and private key in those PEM files (paths relative to the run file's folder).
 * Absent means plain HTTP; present but empty ({@code api_tls:}) is refused, never plain HTTP in
 * silence. Everything wrong is a problem named by its path ({@code api_tls.key}): 1902 for a
 * missing file name, 1903 for a file the API cannot use ({@link ApiTls#load}), both files'
 * problems at once where each can be seen without the other.
 */
final class ApiTlsSection {
    static final String KEY = "api_tls";
    private static final Set<String> FIELDS = Set.of(ApiTlsException.CERT, ApiTlsException.KEY);
    private static final String FORM = "应为 {cert: 证书链 PEM 文件, key: 私钥 PEM 文件}（路径相对于运行配置文件所在目录）";

    private ApiTlsSection() {
    }

    /** The section under {@code base} (the run file's folder); empty when absent or wrong, with {@code problems} filled then. */
    static Optional<ApiTls> read(Path base, JsonNode section, List<Problem> problems) {
        if (section == null) return Optional.empty();
        if (section.isNull()) { // `api_tls:` with nothing under it (or its lines commented out): not plain HTTP in silence
            problems.add(new Problem(ProvisionReason.CONFIG_MISSING, KEY, "为空；" + FORM + "，不用 HTTPS 请删除此行"));
            return Optional.empty();
        }
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
        usable(cert, ApiTlsException.CERT, problems);
        usable(key, ApiTlsException.KEY, problems);
        if (problems.size() > before) return Optional.empty();
        try {
            return Optional.of(ApiTls.load(cert, key));
        } catch (ApiTlsException e) {
            problems.add(new Problem(ProvisionReason.CONFIG_INVALID, KEY + "." + e.field(), e.getMessage()));
            return Optional.empty();
        }
    }

    /** Each file named that cannot be read at all is a problem of its own, so both are named at once. */
    private static void usable(Path file, String field, List<Problem> problems) {
        if (file == null) return;
        PemFile.unusable(file).ifPresent(why -> problems.add(new Problem(ProvisionReason.CONFIG_INVALID, KEY + "." + field, why)));
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
