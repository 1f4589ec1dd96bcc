package org.yibao.provisioning.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yibao.provisioning.bundle.BundleJson;

/**
 * The catch-up exchange over the uplink's request/response helper, service {@value #SERVICE}.
 * Request: {@code {"device":"T01","admdvs":"371502","fixmedins_code":"H…","after":{"device/T01":3,"area/371502":5}}}.
 * Answer: {@code {"updates":[ENVELOPE_TEXT,…],"more":false}}, each stream's updates in sequence
 * order; {@code more} says the device should ask again.
 */
public final class CatchUp {
    /** The request service name. */
    public static final String SERVICE = "updates";

    private CatchUp() {
    }

    /** The request body. */
    public record Request(String device, String admdvs, String fixmedinsCode, Map<String, Long> after) {
        public Request {
            after = Map.copyOf(after);
        }

        public byte[] toJson() {
            ObjectNode o = BundleJson.mapper().createObjectNode();
            o.put("device", device).put("admdvs", admdvs).put("fixmedins_code", fixmedinsCode);
            ObjectNode a = o.putObject("after");
            after.forEach(a::put);
            return o.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** Reads a request; throws IllegalArgumentException when malformed. */
        public static Request parse(byte[] json) {
            JsonNode o = tree(json);
            Map<String, Long> after = new LinkedHashMap<>();
            o.path("after").properties().forEach(e -> after.put(e.getKey(), e.getValue().asLong()));
            return new Request(o.path("device").asText(""), o.path("admdvs").asText(""), o.path("fixmedins_code").asText(""), after);
        }
    }

    /** The answer body. */
    public record Answer(List<byte[]> updates, boolean more) {
        public Answer {
            updates = List.copyOf(updates);
        }

        public byte[] toJson() {
            ObjectNode o = BundleJson.mapper().createObjectNode();
            ArrayNode a = o.putArray("updates");
            updates.forEach(u -> a.add(new String(u, StandardCharsets.UTF_8)));
            o.put("more", more);
            return o.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** Reads an answer; throws IllegalArgumentException when malformed. */
        public static Answer parse(byte[] json) {
            JsonNode o = tree(json);
            if (!o.path("updates").isArray()) throw new IllegalArgumentException("catch-up answer without updates: " + o.path("error").asText(""));
            List<byte[]> updates = new ArrayList<>();
            o.path("updates").forEach(u -> updates.add(u.asText().getBytes(StandardCharsets.UTF_8)));
            return new Answer(updates, o.path("more").asBoolean(false));
        }
    }

    private static JsonNode tree(byte[] json) {
        try {
            JsonNode o = BundleJson.mapper().readTree(json);
            if (o == null || !o.isObject()) throw new IllegalArgumentException("not a JSON object");
            return o;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }
}
