package org.yibao.provisioning.update;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yibao.provisioning.bundle.BundleJson;

/**
 * The catch-up exchange over the uplink's request/response helper, service {@value #SERVICE}.
 * Request: {@code {"device":"T01","admdvs":"371502","fixmedins_code":"H…","after":{"device/T01":3,"area/371502":5},
 * "max_bytes":1048576,"max_packet":10813440,"inline":true,"set_aside":[SHA256,…],"kinds":["policy",…]}}. Answer:
 * {@code {"updates":[ENVELOPE,…],"more":false,"withheld":[{"update_id","bytes","reason"},…]}}, each
 * stream's updates in sequence order, each envelope a JSON object when the request said
 * {@code inline} (else its text as a string); {@code more} says the device should ask again.
 */
public final class CatchUp {
    /** The request service name. */
    public static final String SERVICE = "updates";
    /** Room left in a packet for the answer's own bytes, its topic and its MQTT properties. */
    static final long PACKET_OVERHEAD = 4096;

    private CatchUp() {
    }

    /**
     * The request body. {@code maxBytes} asks the centre to keep an answer's envelopes within that
     * many bytes (at least one is always sent; 0: no limit); {@code maxPacket} is the largest MQTT
     * message the device takes (0: no limit), and an update whose envelope would not fit in one is
     * withheld, named in the answer, instead of sent; {@code inline} asks for the envelopes as JSON
     * objects in the answer instead of strings, so a device reads each where it lies;
     * {@code setAside} the SHA-256 (hex) of envelopes the device set aside after they stopped it,
     * which the centre withholds instead of sending again; {@code kinds} the update kinds the device
     * knows (empty: not said, an older device's), and the centre withholds an update of another kind
     * ({@value Withheld#UNKNOWN_KIND}) instead of sending it again at every ask to be refused. A
     * centre that knows none of these answers as before, and the device reads that too.
     */
    public record Request(String device, String admdvs, String fixmedinsCode, Map<String, Long> after, long maxBytes, long maxPacket,
                          boolean inline, List<String> setAside, List<String> kinds) {
        public Request {
            after = Map.copyOf(after);
            setAside = List.copyOf(setAside);
            kinds = List.copyOf(kinds);
            if (maxBytes < 0 || maxPacket < 0) throw new IllegalArgumentException("max_bytes or max_packet < 0");
        }

        /** A request that says nothing of the kinds it knows. */
        public Request(String device, String admdvs, String fixmedinsCode, Map<String, Long> after, long maxBytes, long maxPacket,
                       boolean inline, List<String> setAside) {
            this(device, admdvs, fixmedinsCode, after, maxBytes, maxPacket, inline, setAside, List.of());
        }

        /** Whether the device takes updates of {@code kind} (the wire name); an older device that did not say takes any. */
        public boolean knows(String kind) {
            return kinds.isEmpty() || kinds.contains(kind);
        }

        /** A request without a size limit, answered with envelopes as strings (an older device's). */
        public Request(String device, String admdvs, String fixmedinsCode, Map<String, Long> after) {
            this(device, admdvs, fixmedinsCode, after, 0, 0, false, List.of());
        }

        /** A request with nothing set aside. */
        public Request(String device, String admdvs, String fixmedinsCode, Map<String, Long> after, long maxBytes, long maxPacket,
                       boolean inline) {
            this(device, admdvs, fixmedinsCode, after, maxBytes, maxPacket, inline, List.of());
        }

        /** The envelope bytes one answer may hold, packet overhead left out (a very large number for no limit). */
        public long envelopeBudget() {
            long budget = maxBytes > 0 ? maxBytes : Long.MAX_VALUE;
            return maxPacket > 0 ? Math.min(budget, largestEnvelope()) : budget;
        }

        /** The largest envelope the device can take at all. */
        public long largestEnvelope() {
            return maxPacket > 0 ? maxPacket - PACKET_OVERHEAD : Long.MAX_VALUE;
        }

        public byte[] toJson() {
            ObjectNode o = BundleJson.mapper().createObjectNode();
            o.put("device", device).put("admdvs", admdvs).put("fixmedins_code", fixmedinsCode);
            ObjectNode a = o.putObject("after");
            after.forEach(a::put);
            if (maxBytes > 0) o.put("max_bytes", maxBytes);
            if (maxPacket > 0) o.put("max_packet", maxPacket);
            if (inline) o.put("inline", true);
            if (!setAside.isEmpty()) setAside.forEach(o.putArray("set_aside")::add);
            if (!kinds.isEmpty()) kinds.forEach(o.putArray("kinds")::add);
            return o.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** Reads a request; throws IllegalArgumentException when malformed. */
        public static Request parse(byte[] json) {
            JsonNode o = tree(json);
            Map<String, Long> after = new LinkedHashMap<>();
            o.path("after").properties().forEach(e -> after.put(e.getKey(), e.getValue().asLong()));
            List<String> setAside = new ArrayList<>();
            o.path("set_aside").forEach(h -> setAside.add(h.asText("")));
            List<String> kinds = new ArrayList<>();
            o.path("kinds").forEach(k -> kinds.add(k.asText("")));
            return new Request(o.path("device").asText(""), o.path("admdvs").asText(""), o.path("fixmedins_code").asText(""), after,
                    Math.max(0, o.path("max_bytes").asLong(0)), Math.max(0, o.path("max_packet").asLong(0)),
                    o.path("inline").asBoolean(false), setAside, kinds);
        }
    }

    /**
     * An update the centre holds back: {@value #TOO_LARGE}, its envelope is larger than the device
     * takes in one message, {@value #SET_ASIDE}, the device set it aside after it stopped it, or
     * {@value #UNKNOWN_KIND}, the device said the kinds it knows and this is not one.
     */
    public record Withheld(String updateId, long bytes, String reason) {
        public static final String TOO_LARGE = "too_large";
        public static final String SET_ASIDE = "set_aside";
        public static final String UNKNOWN_KIND = "unknown_kind";

        public Withheld(String updateId, long bytes) {
            this(updateId, bytes, TOO_LARGE);
        }
    }

    /** The answer body: envelopes in order, whether to ask again, and what was withheld. */
    public record Answer(List<byte[]> updates, boolean more, List<Withheld> withheld) {
        public Answer {
            updates = List.copyOf(updates);
            withheld = List.copyOf(withheld);
        }

        public Answer(List<byte[]> updates, boolean more) {
            this(updates, more, List.of());
        }

        /** The answer with each envelope as a JSON string (what every device reads). */
        public byte[] toJson() {
            ObjectNode o = BundleJson.mapper().createObjectNode();
            ArrayNode a = o.putArray("updates");
            updates.forEach(u -> a.add(new String(u, StandardCharsets.UTF_8)));
            o.put("more", more);
            if (!withheld.isEmpty()) o.set("withheld", withheldJson());
            return o.toString().getBytes(StandardCharsets.UTF_8);
        }

        private ArrayNode withheldJson() {
            ArrayNode a = BundleJson.mapper().createArrayNode();
            withheld.forEach(w -> a.addObject().put("update_id", w.updateId()).put("bytes", w.bytes()).put("reason", w.reason()));
            return a;
        }

        /**
         * The answer for a request that asked for {@code inline} envelopes: each envelope (a JSON
         * object, as {@link UpdateEnvelope#sign} writes it) as it is; anything else as a string.
         */
        public byte[] toJson(boolean inline) {
            if (!inline) return toJson();
            ByteArrayOutputStream out = new ByteArrayOutputStream(updates.stream().mapToInt(u -> u.length + 1).sum() + 32);
            out.writeBytes("{\"updates\":[".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < updates.size(); i++) {
                if (i > 0) out.write(',');
                byte[] u = updates.get(i);
                out.writeBytes(StreamedObject.isObject(u, 0, u.length) ? u : asJsonString(u));
            }
            out.writeBytes(("],\"more\":" + more + (withheld.isEmpty() ? "" : ",\"withheld\":" + withheldJson()) + "}")
                    .getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        private static byte[] asJsonString(byte[] text) {
            return BundleJson.mapper().getNodeFactory().textNode(new String(text, StandardCharsets.UTF_8)).toString()
                    .getBytes(StandardCharsets.UTF_8);
        }

        /** Reads an answer into copies of its envelopes; throws IllegalArgumentException when malformed. */
        public static Answer parse(byte[] json) {
            Received received = Received.read(json);
            return new Answer(received.updates().stream().map(Envelope::copy).toList(), received.more(), received.withheld());
        }
    }

    /** One envelope of an answer: {@code length} bytes of {@code bytes} from {@code offset}. */
    public record Envelope(byte[] bytes, int offset, int length) {
        public Envelope {
            if (offset < 0 || length < 0 || offset + length > bytes.length) throw new IllegalArgumentException("outside the answer");
        }

        byte[] copy() {
            return Arrays.copyOfRange(bytes, offset, offset + length);
        }
    }

    /**
     * An answer as a device reads it: an inline envelope is where it lies in the answer (not
     * copied), a string one (an older centre's) is its text's bytes.
     */
    public record Received(List<Envelope> updates, boolean more, List<Withheld> withheld) {
        public Received {
            updates = List.copyOf(updates);
            withheld = List.copyOf(withheld);
        }

        /** Reads an answer; throws IllegalArgumentException when malformed (an error answer too). */
        public static Received read(byte[] json) {
            try (JsonParser p = BundleJson.mapper().createParser(json)) {
                if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a JSON object");
                List<Envelope> updates = null;
                List<Withheld> withheld = List.of();
                boolean more = false;
                String error = "";
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (name) {
                        case "updates" -> updates = value == JsonToken.START_ARRAY ? envelopes(p, json) : null;
                        case "more" -> more = value == JsonToken.VALUE_TRUE;
                        case "error" -> error = value.isScalarValue() ? p.getText() : "";
                        case "withheld" -> withheld = withheld(StreamedObject.VALUE.readTree(p));
                        default -> { }
                    }
                    p.skipChildren(); // a value not read above, whatever its type, is read past whole
                }
                if (p.nextToken() != null) throw new IllegalArgumentException("trailing tokens after the answer");
                if (updates == null) throw new IllegalArgumentException("catch-up answer without updates: " + error);
                return new Received(updates, more, withheld);
            } catch (IOException e) {
                throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
            }
        }

        private static List<Withheld> withheld(JsonNode list) {
            List<Withheld> out = new ArrayList<>();
            list.forEach(w -> out.add(new Withheld(w.path("update_id").asText(""), w.path("bytes").asLong(0),
                    w.path("reason").asText(Withheld.TOO_LARGE))));
            return out;
        }

        private static List<Envelope> envelopes(JsonParser p, byte[] json) throws IOException {
            List<Envelope> out = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT) {
                    int start = Math.toIntExact(p.currentTokenLocation().getByteOffset());
                    p.skipChildren();
                    int end = Math.toIntExact(p.currentLocation().getByteOffset());
                    out.add(new Envelope(json, start, end - start));
                } else if (t == JsonToken.VALUE_STRING) {
                    byte[] text = p.getText().getBytes(StandardCharsets.UTF_8);
                    out.add(new Envelope(text, 0, text.length));
                } else {
                    throw new IllegalArgumentException("an update that is neither an envelope nor its text");
                }
            }
            return out;
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
