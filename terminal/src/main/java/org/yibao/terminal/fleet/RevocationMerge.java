package org.yibao.terminal.fleet;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
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

    /** The trust file text {@code trustJson} with {@code listJson}'s revocations. */
    static byte[] merge(byte[] trustJson, byte[] listJson) {
        JsonNode list = tree(listJson);
        for (var field : list.properties()) {
            if (!FIELDS.contains(field.getKey())) throw new RefusedException(FleetReason.BAD_REVOCATIONS, "unknown field " + field.getKey());
        }
        for (String f : new String[] {"ec_tokens", "psn_nos"}) {
            if (!list.path(f).isArray()) throw new RefusedException(FleetReason.BAD_REVOCATIONS, f + " must be an array");
        }
        if (list.has("version") && !list.get("version").isTextual()) throw new RefusedException(FleetReason.BAD_REVOCATIONS, "version");
        ObjectNode trust = (ObjectNode) tree(trustJson);
        ObjectNode revoked = trust.putObject("revoked");
        revoked.set("ec_tokens", list.get("ec_tokens"));
        revoked.set("psn_nos", list.get("psn_nos"));
        if (list.has("version")) trust.set("version", list.get("version"));
        return trust.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode tree(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) throw new RefusedException(FleetReason.BAD_REVOCATIONS, "not a JSON object");
            return node;
        } catch (IOException e) {
            throw new RefusedException(FleetReason.BAD_REVOCATIONS, "not JSON");
        }
    }
}
