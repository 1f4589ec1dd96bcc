package org.yibao.provisioning.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.yibao.provisioning.bundle.BundleJson;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;

/**
 * An update whose signature verifies but whose payload is wrong (the centre's own mistake) is
 * refused with the reason and the id it claims, marked as the centre's, so the centre's result
 * shows which of its updates to correct; nothing of it is applied.
 */
class UpdatePayloadRefusalTest {
    private static final DeviceKey ROOT = DeviceKey.generate(KeyAlgorithm.EC);
    private static final UpdateVerifier VERIFIER = new UpdateVerifier(List.of(ROOT.pair().getPublic()), "T01", "371502");
    private static final byte[] POLICY = "version: \"2026.04\"\n".getBytes(StandardCharsets.UTF_8);

    /** The payload of a good policy update for device/T01/1, changed by {@code change}, signed by the root. */
    private static byte[] signedWith(Consumer<ObjectNode> change) throws Exception {
        Update good = new Update(UpdateTarget.device("T01"), 1, UpdateKind.POLICY, Instant.parse("2026-12-03T05:00:00Z"), POLICY, "");
        ObjectNode payload = (ObjectNode) BundleJson.mapper().readTree(UpdateEnvelope.payload(good));
        change.accept(payload);
        return signedRaw(payload.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] signedRaw(byte[] payload) {
        ObjectNode envelope = BundleJson.mapper().createObjectNode();
        envelope.put("format", UpdateEnvelope.FORMAT);
        envelope.put("payload", Base64.getUrlEncoder().withoutPadding().encodeToString(payload));
        envelope.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(
                BundleJson.signature(payload, ROOT.pair().getPrivate(), ROOT.algorithm())));
        return envelope.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static UpdateVerdict.Refused refused(byte[] envelope, ProvisionReason reason, String detail) {
        UpdateVerdict.Refused r = assertInstanceOf(UpdateVerdict.Refused.class, VERIFIER.verify(envelope));
        assertEquals(reason, r.reason(), r.detail());
        assertEquals(detail, r.detail());
        assertTrue(r.signed(), "the centre's refusal");
        return r;
    }

    @Test
    void contentThatIsNotWhatItsDigestSaysIsRefused() throws Exception {
        UpdateVerdict.Refused r = refused(signedWith(p -> p.put("content_sha256", UpdateEnvelope.sha256("other".getBytes()))),
                ProvisionReason.UPDATE_DIGEST_MISMATCH, "content_sha256 与内容不符");
        assertEquals("device/T01/1", r.claimedId());
    }

    @Test
    void aSequenceNumberThatIsNotAPositiveIntegerIsRefused() throws Exception {
        for (Consumer<ObjectNode> seq : List.<Consumer<ObjectNode>>of(p -> p.put("seq", 0), p -> p.put("seq", -1),
                p -> p.put("seq", 1.5), p -> p.put("seq", "1"), p -> p.remove("seq"))) {
            refused(signedWith(seq), ProvisionReason.UPDATE_MALFORMED, "seq 须为正整数");
        }
    }

    @Test
    void anIdThatIsNotItsStreamAndSequenceIsRefused() throws Exception {
        UpdateVerdict.Refused r = refused(signedWith(p -> p.put("update_id", "device/T01/9")),
                ProvisionReason.UPDATE_MALFORMED, "update_id 应为 device/T01/1");
        assertEquals("device/T01/9", r.claimedId());
    }

    @Test
    void anUnknownKindTargetOrIssueTimeIsRefused() throws Exception {
        for (Consumer<ObjectNode> bad : List.<Consumer<ObjectNode>>of(p -> p.put("kind", "firmware"),
                p -> p.put("issued_at", "yesterday"), p -> ((ObjectNode) p.get("target")).put("scope", "planet"),
                p -> ((ObjectNode) p.get("target")).put("id", "T 01"))) {
            UpdateVerdict.Refused r = refused(signedWith(bad), ProvisionReason.UPDATE_MALFORMED, "target、kind、issued_at 或 content 无效");
            assertEquals("device/T01/1", r.claimedId());
        }
    }

    @Test
    void aCommandMustNameItsCommand() throws Exception {
        refused(signedWith(p -> p.put("kind", "command")), ProvisionReason.UPDATE_MALFORMED, "命令类更新须写明 command");
    }

    /** A command carries no content: without the key its content is empty, and its digest that of nothing. */
    @Test
    void aCommandWithoutContentVerifies() throws Exception {
        byte[] envelope = signedWith(p -> {
            p.put("kind", "command").put("command", "selftest").remove("content");
            p.put("content_sha256", UpdateEnvelope.sha256(new byte[0]));
        });
        Update update = assertInstanceOf(UpdateVerdict.Verified.class, VERIFIER.verify(envelope)).update();
        assertEquals(UpdateKind.COMMAND, update.kind());
        assertEquals("selftest", update.command());
        assertArrayEquals(new byte[0], update.content());
    }

    @Test
    void aSignedPayloadThatIsNotAJsonObjectIsRefused() {
        refused(signedRaw("[1, 2]".getBytes(StandardCharsets.UTF_8)), ProvisionReason.UPDATE_MALFORMED, "payload 不是 JSON 对象");
        refused(signedRaw("not json".getBytes(StandardCharsets.UTF_8)), ProvisionReason.UPDATE_MALFORMED, "payload 不是 JSON 对象");
        refused(signedRaw("{\"update_id\":\"device/T01/4\",\"content\":\"@@\"}".getBytes(StandardCharsets.UTF_8)),
                ProvisionReason.UPDATE_MALFORMED, "target、kind、issued_at 或 content 无效");
    }
}
