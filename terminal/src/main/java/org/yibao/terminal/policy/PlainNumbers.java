package org.yibao.terminal.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The numbers of a policy file as written, for those not written as plain decimals. YAML 1.1,
 * which the YAML reader follows, reads {@code 0100} as octal (64), {@code 0x10} as hex (16),
 * {@code 0b11} as binary, and takes {@code +3}, {@code .5}, {@code 2_000} and {@code 1e3} too:
 * a deductible written {@code 0100} settled with a deductible of 64.00 and no refusal
 * (black-box audit, 2026-12-05). Money, ratios and hours are read only from plain decimals
 * ({@code 100}, {@code 100.00}, {@code 0.15}); any other form is refused where it stands.
 */
public final class PlainNumbers {
    private static final Pattern PLAIN = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");

    private final Map<String, String> notPlain;

    private PlainNumbers(Map<String, String> notPlain) {
        this.notPlain = notPlain;
    }

    /** Reads {@code yaml}'s tokens once and keeps each number not written as a plain decimal, by its key path. */
    static PlainNumbers of(ObjectMapper yamlMapper, String yaml) throws JsonProcessingException {
        try {
            return of(yamlMapper.getFactory().createParser(yaml));
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // text in memory: no I/O to fail
        }
    }

    /** As {@link #of(ObjectMapper, String)}, for a file's bytes (a run file: {@code device_id: 0123} read as octal "83"). */
    public static PlainNumbers of(ObjectMapper yamlMapper, byte[] yaml) throws IOException {
        return of(yamlMapper.getFactory().createParser(yaml));
    }

    private static PlainNumbers of(JsonParser parser) throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (JsonParser p = parser) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t.isNumeric() && !PLAIN.matcher(p.getText()).matches()) found.put(path(p.getParsingContext()), p.getText());
            }
        }
        return new PlainNumbers(found);
    }

    /** Each number not written as a plain decimal: key path -> as written, in path order. */
    public Map<String, String> all() {
        return notPlain;
    }

    /** Why a number written {@code written} is refused, in Chinese. */
    public static String why(String written) {
        return "数字须按十进制书写（如 100 或 100.00），实际为 " + written
                + (written.matches("[-+]?0[0-9_]+") ? "（以 0 开头会被读作八进制；编码须加引号，如 \"" + written + "\"）" : "");
    }

    /** How the number at {@code path} was written, when not as a plain decimal. */
    Optional<String> notPlainAt(String path) {
        return Optional.ofNullable(notPlain.get(path));
    }

    /** The key path as {@link Problems} names it: {@code rules[0].segments[1].upto}. */
    private static String path(JsonStreamContext context) {
        if (context == null || context.inRoot()) return "";
        String parent = path(context.getParent());
        if (context.inArray()) return Problems.index(parent, context.getCurrentIndex());
        return Problems.child(parent, context.getCurrentName());
    }
}
