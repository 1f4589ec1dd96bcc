package org.yibao.terminal.policy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PolicyReason;
import org.yibao.terminal.store.BoundedFile;
import org.yibao.terminal.store.FileProblem;
import org.yibao.terminal.text.StrictUtf8;

/**
 * Reads and validates a policy YAML file (spec/policy-and-catalog.md). Numbers are read as exact
 * decimals, duplicate keys and unknown keys are refused, and a file with any error is refused
 * whole with a {@link RefusedException} (12xx) whose detail names the file, every key path and
 * why. Never returns a partly valid policy.
 */
public final class PolicyLoader {
    /**
     * An empty plain value ({@code visit_cap:}) is YAML null, as {@code visit_cap: null} is;
     * Jackson 2 would read it as the text "" unless told (a quoted "" stays text).
     */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PolicyLoader() {
    }

    /** The largest policy file read: far above any area's policy, far below the device's 64 MiB heap. */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    /** Loads {@code file}; I/O errors (a device, a pipe, a file over {@link #MAX_BYTES} included) and invalid content are refusals naming the file. */
    public static Policy load(Path file) {
        byte[] bytes;
        try {
            bytes = BoundedFile.read(file, MAX_BYTES);
        } catch (IOException e) {
            throw new RefusedException(PolicyReason.UNREADABLE, file + "：" + FileProblem.unreadable(file, e));
        }
        String text = StrictUtf8.decode(bytes).orElseThrow(
                () -> new RefusedException(PolicyReason.NOT_YAML, file.getFileName() + "：不是UTF-8编码"));
        return parse(text, String.valueOf(file.getFileName()));
    }

    /** Parses policy YAML text; {@code source} names it in refusals. */
    public static Policy parse(String yaml, String source) {
        JsonNode root;
        PlainNumbers written;
        try {
            refuseAnchorsAndAliases(yaml, source);
            root = YAML.readTree(yaml);
            written = PlainNumbers.of(YAML, yaml);
        } catch (JsonProcessingException e) {
            throw new RefusedException(PolicyReason.NOT_YAML, source + "：" + YamlProblem.describe(e));
        } catch (RefusedException e) {
            throw e;
        } catch (RuntimeException e) { // the YAML engine's own errors on malformed scalars
            throw new RefusedException(new Refusal(PolicyReason.NOT_YAML, source + "：YAML 内容无法解析"), e);
        }
        PolicyTreeReader reader = new PolicyTreeReader(written);
        return reader.read(root).orElseThrow(() -> reader.problems().toException(source));
    }

    /**
     * A policy is written out in full: the tree reader would take an alias ({@code *a}) as the text
     * "a", so anchors and aliases are refused where they stand instead of being misread.
     */
    private static void refuseAnchorsAndAliases(String yaml, String source) throws JsonProcessingException {
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(yaml)) {
            while (parser.nextToken() != null) {
                if (parser.isCurrentAlias() || parser.getCurrentAnchor() != null) {
                    var at = parser.currentTokenLocation();
                    throw new RefusedException(PolicyReason.NOT_YAML, source + "：第" + at.getLineNr() + "行第" + at.getColumnNr()
                            + "列：不支持 YAML 锚点和别名（& 与 *），请把内容写全");
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) { // a String source has no I/O of its own
            throw new java.io.UncheckedIOException(e);
        }
    }
}
