package org.yibao.terminal.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.yibao.provisioning.json.JsonSyntax;
import org.yibao.terminal.domain.RefusedException;

/**
 * A revocation list update, {@code {"version":"…"?,"ec_tokens":[…],"psn_nos":[…]}}, replaces the
 * {@code revoked} section of the trust file in use (and its version, when given); the result is
 * then read by the ordinary trust file reader like any other trust file.
 */
final class RevocationMerge {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> FIELDS = Set.of("version", "ec_tokens", "psn_nos");

    private RevocationMerge() {
    }

    /**
     * The trust file text {@code trustJson} with {@code listJson}'s revocations; refused (1949) naming the field and what is
     * wrong (a list whose entries are not all strings included: it is the list that is wrong, not the trust file).
     */
    static byte[] merge(byte[] trustJson, byte[] listJson) {
        JsonNode list = tree(listJson, "");
        for (var field : list.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new RefusedException(FleetReason.BAD_REVOCATIONS, "有未知字段 " + shortened(field.getKey()) + "（只允许 version、ec_tokens、psn_nos）");
            }
        }
        for (String f : new String[] {"ec_tokens", "psn_nos"}) requireTextArray(list, f);
        if (list.has("version") && !list.get("version").isTextual()) throw new RefusedException(FleetReason.BAD_REVOCATIONS, "version 须为字符串");
        ObjectNode trust = (ObjectNode) tree(trustJson, "当前使用的信任文件");
        ObjectNode revoked = trust.putObject("revoked");
        revoked.set("ec_tokens", list.get("ec_tokens"));
        revoked.set("psn_nos", list.get("psn_nos"));
        if (list.has("version")) trust.set("version", list.get("version"));
        return trust.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Refused (1949) unless {@code list}'s {@code field} is an array of strings. */
    private static void requireTextArray(JsonNode list, String field) {
        JsonNode items = list.path(field);
        if (!items.isArray()) throw new RefusedException(FleetReason.BAD_REVOCATIONS, field + " 缺少或不是数组");
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isTextual()) throw new RefusedException(FleetReason.BAD_REVOCATIONS, field + "[" + i + "] 须为字符串");
        }
    }

    /** {@code json} as an object; refused with where it breaks, {@code what} naming the document when it is not the list. */
    private static JsonNode tree(byte[] json, String what) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RefusedException(FleetReason.BAD_REVOCATIONS, what + JsonSyntax.describe(e));
        } catch (IOException e) {
            throw new RefusedException(FleetReason.BAD_REVOCATIONS, what + "读取出错（输入输出错误）");
        }
        if (node == null || node.isMissingNode()) throw new RefusedException(FleetReason.BAD_REVOCATIONS, what + "内容为空");
        if (!node.isObject()) throw new RefusedException(FleetReason.BAD_REVOCATIONS, what + "顶层须为 JSON 对象");
        return node;
    }

    /** A name from the list, cut to 64 characters. */
    private static String shortened(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "…" : name;
    }
}
