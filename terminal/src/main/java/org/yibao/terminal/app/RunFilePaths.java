package org.yibao.terminal.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.yibao.terminal.api.http.ApiTlsException;
import org.yibao.terminal.policy.PlainNumbers;
import org.yibao.terminal.provision.RunFileBytes;
import org.yibao.terminal.text.StrictUtf8;

/**
 * The {@code data_dir} and {@code policy} of a run file that {@link TerminalConfig#load} refuses
 * for another field (an {@code api_tls} key that no longer loads, a misspelt broker), resolved as
 * {@code load} resolves them, against the file's folder. The tools a technician runs on a broken
 * box ({@code diagnostics export}, {@code factory-reset}) need those, and a reset names the
 * {@code api_tls} files it leaves. All empty when the file is not UTF-8 YAML.
 *
 * @param apiTls the {@code api_tls} certificate and key file names given as text, resolved as
 *               {@code load} resolves them (whether or not they exist)
 */
public record RunFilePaths(Optional<Path> dataDir, Optional<Path> policy, List<Path> apiTls) {

    public static RunFilePaths read(Path file) throws IOException {
        byte[] bytes = RunFileBytes.read(file);
        if (StrictUtf8.decode(bytes).isEmpty()) return none();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode root;
        Set<String> notPlain;
        try {
            root = yaml.readTree(bytes);
            notPlain = PlainNumbers.of(yaml, bytes).all().keySet();
        } catch (JsonProcessingException e) {
            return none();
        }
        Path base = file.toAbsolutePath().getParent();
        return new RunFilePaths(path(base, root, "data_dir", notPlain), path(base, root, "policy", notPlain), apiTls(base, root));
    }

    private static RunFilePaths none() {
        return new RunFilePaths(Optional.empty(), Optional.empty(), List.of());
    }

    /** The {@code cert} and {@code key} of {@code api_tls} that are texts, in that order. */
    private static List<Path> apiTls(Path base, JsonNode root) {
        JsonNode section = root == null ? null : root.get(ApiTlsSection.KEY);
        if (section == null || !section.isObject()) return List.of();
        return Stream.of(ApiTlsException.CERT, ApiTlsException.KEY)
                .map(section::get)
                .filter(name -> name != null && name.isTextual() && !name.asText().isBlank())
                .map(name -> base.resolve(name.asText()))
                .toList();
    }

    /** {@code field} as {@code load} reads it; empty when absent, not a text or a plain number ({@code data_dir: 0755} is refused, never folder 493). */
    private static Optional<Path> path(Path base, JsonNode root, String field, Set<String> notPlain) {
        JsonNode value = root == null ? null : root.get(field);
        if (value == null || !(value.isTextual() || value.isNumber()) || notPlain.contains(field) || value.asText().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(base.resolve(value.asText()));
    }
}
