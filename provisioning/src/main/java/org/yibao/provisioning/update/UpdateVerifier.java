package org.yibao.provisioning.update;

import static org.yibao.provisioning.config.ProvisionReason.UPDATE_BAD_SIGNATURE;
import static org.yibao.provisioning.config.ProvisionReason.UPDATE_DIGEST_MISMATCH;
import static org.yibao.provisioning.config.ProvisionReason.UPDATE_MALFORMED;
import static org.yibao.provisioning.config.ProvisionReason.UPDATE_NOT_FOR_DEVICE;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.yibao.provisioning.bundle.BundleJson;
import org.yibao.provisioning.config.ProvisionReason;

/**
 * Verifies a received update before anything of it is trusted, in this order: envelope shape,
 * signature by one of the trusted keys (the provisioning root and any update key the device
 * was given), payload shape, addressee (this device, or this device's area), id = stream/seq,
 * and the content's SHA-256. Pure: no I/O, no clock.
 */
public final class UpdateVerifier {
    private final List<PublicKey> trusted;
    private final String deviceId;
    private final String admdvs;

    /** A verifier for device {@code deviceId} of area {@code admdvs} trusting {@code trusted}. */
    public UpdateVerifier(List<PublicKey> trusted, String deviceId, String admdvs) {
        this.trusted = List.copyOf(trusted);
        this.deviceId = deviceId;
        this.admdvs = admdvs;
    }

    /** The verdict on {@code bytes}. */
    public UpdateVerdict verify(byte[] bytes) {
        JsonNode envelope;
        byte[] payload;
        byte[] signature;
        try {
            envelope = BundleJson.mapper().readTree(bytes);
            if (envelope == null || !UpdateEnvelope.FORMAT.equals(envelope.path("format").asText(null))
                    || !envelope.path("payload").isTextual() || !envelope.path("signature").isTextual()) {
                return unsigned(UPDATE_MALFORMED, "不是 " + UpdateEnvelope.FORMAT + " 更新信封", "");
            }
            payload = Base64.getUrlDecoder().decode(envelope.get("payload").textValue());
            signature = Base64.getUrlDecoder().decode(envelope.get("signature").textValue());
        } catch (IOException | IllegalArgumentException e) {
            return unsigned(UPDATE_MALFORMED, "不是 JSON 或 base64url", "");
        }
        JsonNode p = parse(payload).orElse(null);
        String claimed = p == null ? "" : p.path("update_id").asText("");
        if (trusted.stream().noneMatch(key -> BundleJson.verifies(payload, signature, key))) {
            return unsigned(UPDATE_BAD_SIGNATURE, "签名不能用受信任的更新公钥验证", claimed);
        }
        if (p == null) return refused(UPDATE_MALFORMED, "payload 不是 JSON 对象", "");
        return payload(p, claimed, bytes);
    }

    private UpdateVerdict payload(JsonNode p, String claimed, byte[] envelope) {
        UpdateTarget target;
        UpdateKind kind;
        Instant issuedAt;
        byte[] content;
        try {
            target = new UpdateTarget(UpdateTarget.Scope.valueOf(p.path("target").path("scope").asText("").toUpperCase(Locale.ROOT)),
                    p.path("target").path("id").asText(""));
            kind = UpdateKind.of(p.path("kind").asText("")).orElseThrow(() -> new IllegalArgumentException("unknown kind"));
            issuedAt = Instant.parse(p.path("issued_at").asText(""));
            content = Base64.getDecoder().decode(p.path("content").asText(""));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return refused(UPDATE_MALFORMED, "target、kind、issued_at 或 content 无效", claimed);
        }
        if (!p.path("seq").canConvertToLong() || !p.path("seq").isIntegralNumber() || p.path("seq").asLong() < 1) {
            return refused(UPDATE_MALFORMED, "seq 须为正整数", claimed);
        }
        long seq = p.path("seq").asLong();
        if (!Update.id(target, seq).equals(claimed)) {
            return refused(UPDATE_MALFORMED, "update_id 应为 " + Update.id(target, seq), claimed);
        }
        if (!target.addresses(deviceId, admdvs)) {
            return refused(UPDATE_NOT_FOR_DEVICE, "发给 " + target.stream() + "，本机为 device/" + deviceId + "（area/" + admdvs + "）", claimed);
        }
        if (!UpdateEnvelope.sha256(content).equals(p.path("content_sha256").asText(""))) {
            return refused(UPDATE_DIGEST_MISMATCH, "content_sha256 与内容不符", claimed);
        }
        String command = p.path("command").asText("");
        if (kind == UpdateKind.COMMAND && command.isEmpty()) return refused(UPDATE_MALFORMED, "命令类更新须写明 command", claimed);
        return new UpdateVerdict.Verified(new Update(target, seq, kind, issuedAt, content, command), envelope);
    }

    private static Optional<JsonNode> parse(byte[] payload) {
        try {
            JsonNode p = BundleJson.mapper().readTree(payload);
            return p != null && p.isObject() ? Optional.of(p) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Refused after the signature verified: the centre made it. */
    private static UpdateVerdict refused(ProvisionReason reason, String detail, String claimed) {
        return new UpdateVerdict.Refused(reason, detail, claimed, true);
    }

    /** Refused before a trusted signature was found: not the centre's. */
    private static UpdateVerdict unsigned(ProvisionReason reason, String detail, String claimed) {
        return new UpdateVerdict.Refused(reason, detail, claimed, false);
    }
}
