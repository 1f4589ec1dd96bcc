package org.yibao.provisioning.update;

import static org.yibao.provisioning.config.ProvisionReason.UPDATE_BAD_SIGNATURE;
import static org.yibao.provisioning.config.ProvisionReason.UPDATE_DIGEST_MISMATCH;
import static org.yibao.provisioning.config.ProvisionReason.UPDATE_MALFORMED;
import static org.yibao.provisioning.config.ProvisionReason.UPDATE_NOT_FOR_DEVICE;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
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
    /**
     * The envelope's payload: base64url, padded with '=' or not (what {@code Base64.getUrlEncoder()}
     * writes with or without {@code withoutPadding()}). Built whole: Jackson's
     * {@code MODIFIED_FOR_URL} pads with '\0', so it refuses an '=' even with padding allowed.
     */
    private static final Base64Variant URL_BASE64 = new Base64Variant("base64url-padding-optional",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", true, '=', Integer.MAX_VALUE)
            .withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);
    /** The payload's content: standard base64, padded or not. */
    private static final Base64Variant CONTENT_BASE64 =
            Base64Variants.MIME_NO_LINEFEEDS.withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

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
        return verify(bytes, 0, bytes.length);
    }

    /**
     * The verdict on {@code length} bytes of {@code input} from {@code offset} (an envelope inside a
     * catch-up answer is verified where it lies). The payload and its content are decoded straight
     * from the input, each into one array: a full catalogue is held as the message, its payload and
     * its content, once each, and only the content stays.
     */
    public UpdateVerdict verify(byte[] input, int offset, int length) {
        ByteSink payload = ByteSink.forBase64(length);
        ObjectNode envelope;
        byte[] signature;
        try {
            StreamedObject.Read read = StreamedObject.read(input, offset, length, "payload", URL_BASE64, payload);
            envelope = read.others();
            if (envelope == null || !read.decoded() || !UpdateEnvelope.FORMAT.equals(envelope.path("format").asText(null))
                    || !envelope.path("signature").isTextual()) {
                return unsigned(UPDATE_MALFORMED, "不是 " + UpdateEnvelope.FORMAT + " 更新信封", "");
            }
            signature = Base64.getUrlDecoder().decode(envelope.get("signature").textValue());
        } catch (IOException | IllegalArgumentException e) {
            return unsigned(UPDATE_MALFORMED, "不是 JSON 或 base64url", "");
        }
        byte[] signed = payload.array();
        int signedLength = payload.length();
        if (trusted.stream().noneMatch(key -> BundleJson.verifies(signed, 0, signedLength, signature, key))) {
            return unsigned(UPDATE_BAD_SIGNATURE, "签名不能用受信任的更新公钥验证", claimedId(signed, signedLength));
        }
        return payload(signed, signedLength);
    }

    /** The update id a payload claims at its top level (for a refusal), or empty; strings are skipped, not decoded. */
    private static String claimedId(byte[] payload, int length) {
        try (JsonParser p = BundleJson.mapper().createParser(payload, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return "";
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                boolean id = "update_id".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (id) return value.isScalarValue() && value != JsonToken.VALUE_NULL ? p.getText() : "";
                p.skipChildren();
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    private UpdateVerdict payload(byte[] payload, int length) {
        ByteSink content = ByteSink.forBase64(length);
        MessageDigest sha256 = UpdateEnvelope.sha256Digest();
        StreamedObject.Read read;
        try {
            read = StreamedObject.read(payload, 0, length, "content", CONTENT_BASE64, new DigestOutputStream(content, sha256));
        } catch (IOException e) {
            // the signature verified: valid JSON whose content is not base64 is malformed, other text is not JSON
            return StreamedObject.isObject(payload, 0, length)
                    ? refused(UPDATE_MALFORMED, "target、kind、issued_at 或 content 无效", claimedId(payload, length))
                    : refused(UPDATE_MALFORMED, "payload 不是 JSON 对象", "");
        }
        if (read.others() == null) return refused(UPDATE_MALFORMED, "payload 不是 JSON 对象", "");
        JsonNode p = read.others();
        String claimed = p.path("update_id").asText("");
        UpdateTarget target;
        UpdateKind kind;
        Instant issuedAt;
        byte[] decoded = content.array();
        int decodedLength = content.length();
        try {
            target = new UpdateTarget(UpdateTarget.Scope.valueOf(p.path("target").path("scope").asText("").toUpperCase(Locale.ROOT)),
                    p.path("target").path("id").asText(""));
            kind = UpdateKind.of(p.path("kind").asText("")).orElseThrow(() -> new IllegalArgumentException("unknown kind"));
            issuedAt = Instant.parse(p.path("issued_at").asText(""));
            if (!read.decoded()) {
                decoded = Base64.getDecoder().decode(p.path("content").asText("")); // absent (a command), or not a string
                decodedLength = decoded.length;
                sha256.update(decoded);
            }
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
        if (!HexFormat.of().formatHex(sha256.digest()).equals(p.path("content_sha256").asText(""))) {
            return refused(UPDATE_DIGEST_MISMATCH, "content_sha256 与内容不符", claimed);
        }
        String command = p.path("command").asText("");
        if (kind == UpdateKind.COMMAND && command.isEmpty()) return refused(UPDATE_MALFORMED, "命令类更新须写明 command", claimed);
        FilePart part = null;
        if (kind.isPart()) {
            Optional<FilePart> named = FilePart.of(p.get("part"));
            if (named.isEmpty() || decodedLength == 0 || decodedLength > named.get().fileBytes()) {
                return refused(UPDATE_MALFORMED, "分片更新须写明 part（index、count、file_bytes、file_sha256），且内容非空、不超过 file_bytes", claimed);
            }
            part = named.get();
        }
        return new UpdateVerdict.Verified(Update.owning(target, seq, kind, issuedAt, decoded, decodedLength, command, part));
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
