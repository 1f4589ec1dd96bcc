package org.yibao.terminal.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.yibao.terminal.domain.RefusedException;

/**
 * The one JSON configuration of the local API: numbers read as exact decimals keeping their
 * scale, duplicate keys refused, decimals written plain (12.30, never 1.23E+1).
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Json() {
    }

    /** Parses {@code text}; malformed JSON (or a number no decimal holds) is a 1020 refusal naming {@code what}. */
    public static JsonNode parse(String text, String what) {
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n == null || n.isMissingNode()) throw new RefusedException(JsonInputReason.NOT_JSON, what + "：内容为空");
            return n;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "（第" + e.getLocation().getLineNr() + "行）";
            throw new RefusedException(JsonInputReason.NOT_JSON, what + where);
        } catch (NumberFormatException e) {
            // Jackson's answer to a number whose exponent no BigDecimal holds (1E-2147483648)
            throw new RefusedException(JsonInputReason.NOT_JSON, what + "：数字超出范围（指数过大或过小）");
        }
    }

    /** Compact JSON text of {@code node}. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** Indented JSON text of {@code node}. */
    public static String writePretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }
}
