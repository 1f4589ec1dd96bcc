package org.yibao.terminal.api.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yibao.terminal.domain.RefusedException;

/**
 * Reads text and object fields of a request with precise refusals that name the field's path
 * ({@code input.signIn.opter_no}). A JSON {@code null} counts as absent. Used for the envelope
 * and by handlers for their {@code input}.
 */
public final class JsonFields {
    private JsonFields() {
    }

    /** The non-empty text at {@code name}; refuses {@code MISSING_FIELD} or {@code WRONG_TYPE}. */
    public static String requiredText(ObjectNode parent, String name, String path) {
        String value = optionalText(parent, name, path);
        if (value.isEmpty()) throw new RefusedException(EnvelopeReason.MISSING_FIELD, path);
        return value;
    }

    /** The text at {@code name}, {@code ""} when absent or null; refuses {@code WRONG_TYPE}. */
    public static String optionalText(ObjectNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) return "";
        if (!node.isTextual()) {
            throw new RefusedException(EnvelopeReason.WRONG_TYPE, path + " 须为字符串，实为" + kind(node));
        }
        return node.textValue();
    }

    /**
     * A code at {@code name} (infno, opter_type, an area code): its text, or a whole JSON number
     * taken as its digits, as business input codes are read; {@code ""} when absent or null.
     * Anything else refuses {@code WRONG_TYPE}.
     */
    public static String optionalCode(ObjectNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node != null && node.isIntegralNumber()) return node.asText();
        return optionalText(parent, name, path);
    }

    /** The non-empty code at {@code name} (see {@link #optionalCode}); refuses {@code MISSING_FIELD} or {@code WRONG_TYPE}. */
    public static String requiredCode(ObjectNode parent, String name, String path) {
        String value = optionalCode(parent, name, path);
        if (value.isEmpty()) throw new RefusedException(EnvelopeReason.MISSING_FIELD, path);
        return value;
    }

    /** The object at {@code name}; refuses {@code MISSING_FIELD} or {@code WRONG_TYPE}. */
    public static ObjectNode requiredObject(ObjectNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) throw new RefusedException(EnvelopeReason.MISSING_FIELD, path);
        if (!(node instanceof ObjectNode object)) {
            throw new RefusedException(EnvelopeReason.WRONG_TYPE, path + " 须为对象，实为" + kind(node));
        }
        return object;
    }

    /** The JSON kind of {@code node} in Chinese, for a refusal's detail. */
    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "数组";
            case BOOLEAN -> "布尔值";
            case NUMBER -> "数字";
            case OBJECT -> "对象";
            case STRING -> "字符串";
            case NULL, MISSING -> "空值";
            case BINARY, POJO -> "其他";
        };
    }
}
