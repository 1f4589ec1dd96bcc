package org.yibao.provisioning.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.yibao.provisioning.bundle.BundleJson;

/**
 * A device's answer to one update, sent to the centre through the outbox's control lane as a
 * message of type {@value #TYPE} (so it is durable and retried like a claim):
 * {@code {"update_id":"device/T01/3","device":"T01","kind":"policy","status":"APPLIED|REFUSED",
 * "term_errcode":"0|NNNN","reason":"…","version":"…","at":EPOCH_MS}}.
 *
 * @param version the version now in use for the kind (policy version, trust file version, …), or empty
 */
public record UpdateResult(String updateId, String device, String kind, Status status, String code, String reason,
                           String version, long at) {
    /** The outbox message type of a result. */
    public static final String TYPE = "fleet.result";

    /** Applied, or refused with a term_errcode and reason. */
    public enum Status { APPLIED, REFUSED }

    public byte[] toJson() {
        return toNode().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The wire form as a JSON object (what {@code terminal center updates} lists). */
    public ObjectNode toNode() {
        ObjectNode o = BundleJson.mapper().createObjectNode();
        o.put("update_id", updateId).put("device", device).put("kind", kind).put("status", status.name())
                .put("term_errcode", code).put("reason", reason).put("version", version).put("at", at);
        return o;
    }

    /** Reads a result; empty when {@code json} is not one. */
    public static Optional<UpdateResult> parse(byte[] json) {
        try {
            JsonNode o = BundleJson.mapper().readTree(json);
            if (o == null || !o.isObject()) return Optional.empty();
            return Optional.of(new UpdateResult(o.path("update_id").asText(""), o.path("device").asText(""), o.path("kind").asText(""),
                    Status.valueOf(o.path("status").asText("")), o.path("term_errcode").asText(""), o.path("reason").asText(""),
                    o.path("version").asText(""), o.path("at").asLong()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
