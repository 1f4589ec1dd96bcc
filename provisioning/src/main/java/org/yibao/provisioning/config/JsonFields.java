package org.yibao.provisioning.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads typed fields of one JSON object, recording a {@link Problem} with the key path for each
 * missing, mistyped or unknown field instead of throwing. Problems are shared with child objects.
 */
final class JsonFields {
    private final JsonNode node;
    private final String path;
    private final List<Problem> problems;

    private JsonFields(JsonNode node, String path, List<Problem> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    static JsonFields root(JsonNode node, List<Problem> problems) {
        return new JsonFields(node, "", problems);
    }

    List<Problem> problems() {
        return problems;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    JsonNode raw(String key) {
        return node.get(key);
    }

    /** Records an unknown-field problem for every key not in {@code known}. */
    void onlyKnown(Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) problems.add(new Problem(ProvisionReason.CONFIG_UNKNOWN_FIELD, path(key), "不是已知的配置项"));
        }
    }

    /** The child object at {@code key}, or null (with a problem) when missing or not an object. */
    JsonFields object(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) return missing(key, "对象");
        if (!v.isObject()) return wrong(key, "对象");
        return new JsonFields(v, path(key), problems);
    }

    String text(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) return missing(key, "字符串");
        if (!v.isTextual()) return wrong(key, "字符串");
        return v.textValue();
    }

    String optionalText(String key, String otherwise) {
        return has(key) ? text(key) : otherwise;
    }

    Integer integer(String key) {
        Long v = longValue(key);
        if (v == null) return null;
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) return wrong(key, "32 位整数");
        return v.intValue();
    }

    Long longValue(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) return missing(key, "整数");
        if (!v.isIntegralNumber() || !v.canConvertToLong()) return wrong(key, "整数");
        return v.longValue();
    }

    Boolean bool(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) return missing(key, "true 或 false");
        if (!v.isBoolean()) return wrong(key, "true 或 false");
        return v.booleanValue();
    }

    List<String> texts(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) return missing(key, "字符串列表");
        if (!v.isArray() || v.isEmpty()) return wrong(key, "非空的字符串列表");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) return wrong(key + "[" + i + "]", "字符串");
            out.add(v.get(i).textValue());
        }
        return out;
    }

    private <T> T missing(String key, String what) {
        problems.add(new Problem(ProvisionReason.CONFIG_MISSING, path(key), "必填（" + what + "）"));
        return null;
    }

    <T> T wrong(String key, String what) {
        problems.add(new Problem(ProvisionReason.CONFIG_INVALID, path(key), "应为" + what));
        return null;
    }
}
