package org.yibao.terminal.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.yibao.terminal.policy.PlainNumbers;
import org.yibao.terminal.provision.RunFileBytes;
import org.yibao.terminal.text.StrictUtf8;

/**
 * The {@code data_dir} and {@code policy} of a run file that {@link TerminalConfig#load} refuses
 * for another field (an {@code api_tls} key that no longer loads, a misspelt broker), resolved as
 * {@code load} resolves them, against the file's folder. The tools a technician runs on a broken
 * box ({@code diagnostics export}, {@code factory-reset}) need those and nothing else. Both empty
 * when the file is not UTF-8 YAML.
 */
public record RunFilePaths(Optional<Path> dataDir, Optional<Path> policy) {

    public static RunFilePaths read(Path file) throws IOException {
        byte[] bytes = RunFileBytes.read(file);
        if (StrictUtf8.decode(bytes).isEmpty()) return new RunFilePaths(Optional.empty(), Optional.empty());
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode root;
        Set<String> notPlain;
        try {
            root = yaml.readTree(bytes);
            notPlain = PlainNumbers.of(yaml, bytes).all().keySet();
        } catch (JsonProcessingException e) {
            return new RunFilePaths(Optional.empty(), Optional.empty());
        }
        Path base = file.toAbsolutePath().getParent();
        return new RunFilePaths(path(base, root, "data_dir", notPlain), path(base, root, "policy", notPlain));
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
