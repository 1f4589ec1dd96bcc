package org.yibao.provisioning.update;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.HexFormat;
import org.yibao.provisioning.bundle.BundleJson;
import org.yibao.provisioning.identity.KeyAlgorithm;

/**
 * The signed update on the wire, the same scheme as the provisioning bundle
 * ({@link BundleJson}): {@code {"format":"yibao-update/1","payload":B64URL,"signature":B64URL}},
 * {@code payload} being the exact signed UTF-8 JSON bytes and {@code signature} a DER
 * SHA256withECDSA (P-256) or SM3withSM2 signature over them by the centre's key:
 *
 * <pre>
 * {"update_id":"area/371502/7","target":{"scope":"area","id":"371502"},"seq":7,"kind":"policy",
 *  "issued_at":"2026-12-03T05:00:00Z","content":BASE64,"content_sha256":HEX,"command":""}
 * </pre>
 * and, for a {@code catalog-part}, {@code "part":{"index":…,"count":…,"file_bytes":…,"file_sha256":HEX}} ({@link FilePart}).
 */
public final class UpdateEnvelope {
    /** The envelope's format tag. */
    public static final String FORMAT = "yibao-update/1";

    private UpdateEnvelope() {
    }

    /** Signs {@code update} with {@code key} (the centre's side). */
    public static byte[] sign(Update update, PrivateKey key, KeyAlgorithm algorithm) {
        byte[] payload = payload(update);
        ObjectNode envelope = BundleJson.mapper().createObjectNode();
        envelope.put("format", FORMAT);
        envelope.put("payload", Base64.getUrlEncoder().withoutPadding().encodeToString(payload));
        envelope.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(BundleJson.signature(payload, key, algorithm)));
        return envelope.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] payload(Update update) {
        ObjectNode p = BundleJson.mapper().createObjectNode();
        p.put("update_id", update.updateId());
        p.putObject("target").put("scope", update.target().scope().name().toLowerCase(java.util.Locale.ROOT))
                .put("id", update.target().id());
        p.put("seq", update.seq());
        p.put("kind", update.kind().wire());
        p.put("issued_at", update.issuedAt().toString());
        p.put("content", Base64.getEncoder().encodeToString(update.content()));
        p.put("content_sha256", sha256(update.content()));
        p.put("command", update.command());
        update.part().ifPresent(part -> p.set("part", part.toJson()));
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
