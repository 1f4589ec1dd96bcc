package org.yibao.provisioning.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.provisioning.bundle.BundleJson;
import org.yibao.provisioning.config.ProvisionReason;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;

/** The device's checks on an update before anything of it is trusted, with real EC and SM2 keys. */
class UpdateVerifierTest {
    private static final DeviceKey ROOT = DeviceKey.generate(KeyAlgorithm.EC);
    private static final DeviceKey UPDATE_KEY = DeviceKey.generate(KeyAlgorithm.SM2);
    private static final UpdateVerifier VERIFIER = new UpdateVerifier(
            List.of(ROOT.pair().getPublic(), UPDATE_KEY.pair().getPublic()), "T01", "371502");
    private static final byte[] POLICY = "version: \"2026.04\"\n".getBytes(StandardCharsets.UTF_8);

    private static byte[] signed(Update update, DeviceKey key) {
        return UpdateEnvelope.sign(update, key.pair().getPrivate(), key.algorithm());
    }

    private static Update policy(UpdateTarget target, long seq) {
        return new Update(target, seq, UpdateKind.POLICY, Instant.parse("2026-12-03T05:00:00Z"), POLICY, "");
    }

    @Test
    void anUpdateSignedByTheRootOrTheUpdateKeyVerifies() {
        for (DeviceKey key : List.of(ROOT, UPDATE_KEY)) {
            UpdateVerdict.Verified v = assertInstanceOf(UpdateVerdict.Verified.class,
                    VERIFIER.verify(signed(policy(UpdateTarget.device("T01"), 3), key)));
            assertEquals("device/T01/3", v.update().updateId());
            assertEquals(UpdateKind.POLICY, v.update().kind());
            assertArrayEquals(POLICY, v.update().content());
        }
        assertInstanceOf(UpdateVerdict.Verified.class, VERIFIER.verify(signed(policy(UpdateTarget.area("371502"), 1), ROOT)));
    }

    @Test
    void aStrangersSignatureIsRefusedNamingTheClaimedId() {
        UpdateVerdict.Refused r = assertInstanceOf(UpdateVerdict.Refused.class,
                VERIFIER.verify(signed(policy(UpdateTarget.device("T01"), 1), DeviceKey.generate(KeyAlgorithm.EC))));
        assertEquals(ProvisionReason.UPDATE_BAD_SIGNATURE, r.reason());
        assertEquals("device/T01/1", r.claimedId());
    }

    @Test
    void aChangedPayloadNoLongerVerifies() throws Exception {
        ObjectNode envelope = (ObjectNode) BundleJson.mapper().readTree(signed(policy(UpdateTarget.device("T01"), 1), ROOT));
        String payload = new String(Base64.getUrlDecoder().decode(envelope.get("payload").asText()), StandardCharsets.UTF_8);
        envelope.put("payload", Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("\"seq\":1", "\"seq\":2").replace("device/T01/1", "device/T01/2").getBytes(StandardCharsets.UTF_8)));
        UpdateVerdict.Refused r = assertInstanceOf(UpdateVerdict.Refused.class,
                VERIFIER.verify(envelope.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(ProvisionReason.UPDATE_BAD_SIGNATURE, r.reason());
    }

    @Test
    void anUpdateForAnotherDeviceOrAreaIsRefused() {
        for (UpdateTarget other : List.of(UpdateTarget.device("T02"), UpdateTarget.area("110000"))) {
            UpdateVerdict.Refused r = assertInstanceOf(UpdateVerdict.Refused.class, VERIFIER.verify(signed(policy(other, 1), ROOT)));
            assertEquals(ProvisionReason.UPDATE_NOT_FOR_DEVICE, r.reason());
            // the reason goes back to the centre in fleet.result: Chinese, naming both streams
            assertTrue(r.detail().startsWith("发给 " + other.stream() + "，本机为 device/T01"), r.detail());
        }
    }

    @Test
    void notAnEnvelopeIsMalformed() {
        for (String text : List.of("", "[]", "{\"format\":\"yibao-bundle/1\",\"payload\":\"a\",\"signature\":\"b\"}",
                "{\"format\":\"yibao-update/1\",\"payload\":\"@@\",\"signature\":\"b\"}")) {
            UpdateVerdict.Refused r = assertInstanceOf(UpdateVerdict.Refused.class,
                    VERIFIER.verify(text.getBytes(StandardCharsets.UTF_8)), text);
            assertEquals(ProvisionReason.UPDATE_MALFORMED, r.reason(), text);
        }
    }

    @Test
    void onlyARefusalAfterAVerifiedSignatureIsTheCentres() {
        assertFalse(assertInstanceOf(UpdateVerdict.Refused.class, VERIFIER.verify(signed(policy(UpdateTarget.device("T01"), 1),
                DeviceKey.generate(KeyAlgorithm.EC)))).signed(), "a stranger's signature");
        assertFalse(assertInstanceOf(UpdateVerdict.Refused.class,
                VERIFIER.verify("{\"format\":\"yibao-update/1\",\"payload\":\"@@\",\"signature\":\"b\"}".getBytes(StandardCharsets.UTF_8)))
                .signed(), "no envelope");
        assertTrue(assertInstanceOf(UpdateVerdict.Refused.class, VERIFIER.verify(signed(policy(UpdateTarget.device("T02"), 1), ROOT)))
                .signed(), "the centre's, for another device");
    }

    @Test
    void aVerifierWithoutKeysRefusesEverything() {
        UpdateVerifier none = new UpdateVerifier(List.of(), "T01", "371502");
        assertEquals(ProvisionReason.UPDATE_BAD_SIGNATURE, assertInstanceOf(UpdateVerdict.Refused.class,
                none.verify(signed(policy(UpdateTarget.device("T01"), 1), ROOT))).reason());
    }

    /**
     * A 6 MB content (a full catalogue, zipped) verified in a JVM with a 48 MB heap, pushed alone
     * and inside an inline catch-up answer: the payload and the content are decoded straight from
     * the message, never held as text (reading the envelope into trees ran such a heap out).
     */
    @Test
    @Tag("child-jvm")
    void aLargeUpdateIsVerifiedInASmallHeap(@TempDir Path dir) throws Exception {
        byte[] content = new byte[6 << 20];
        new java.util.Random(7).nextBytes(content);
        Update update = new Update(UpdateTarget.area("371502"), 4, UpdateKind.CATALOG, Instant.parse("2026-12-05T00:00:00Z"), content, "");
        byte[] envelope = signed(update, ROOT);
        Files.write(dir.resolve("key.der"), ROOT.pair().getPublic().getEncoded());
        Files.write(dir.resolve("envelope.json"), envelope);
        Files.write(dir.resolve("answer.json"), new CatchUp.Answer(List.of(envelope), false).toJson(true));
        String expected = "area/371502/4 " + content.length + " " + UpdateEnvelope.sha256(content);
        for (String mode : List.of("envelope", "answer")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx48m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    VerifyLargeMain.class.getName(), dir.resolve("key.der").toString(), mode, dir.resolve(mode + ".json").toString())
                    .redirectErrorStream(true).start();
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the verification ends");
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), mode + ": " + output);
            assertEquals(expected, output.strip(), mode);
        }
    }

    @Test
    void paddedBase64urlAndAnEnvelopesFieldsInAnyOrderVerify() throws Exception {
        ObjectNode envelope = (ObjectNode) BundleJson.mapper().readTree(signed(policy(UpdateTarget.device("T01"), 2), ROOT));
        String payload = envelope.get("payload").asText();
        String padded = payload + "=".repeat((4 - payload.length() % 4) % 4);
        String reordered = "{\"signature\":\"" + envelope.get("signature").asText() + "\",\"payload\":\"" + padded
                + "\",\"format\":\"yibao-update/1\"}";
        UpdateVerdict.Verified v = assertInstanceOf(UpdateVerdict.Verified.class, VERIFIER.verify(reordered.getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(POLICY, v.update().content());
        UpdateVerdict.Refused twice = assertInstanceOf(UpdateVerdict.Refused.class, VERIFIER.verify(
                reordered.replace("{", "{\"payload\":\"" + padded + "\",").getBytes(StandardCharsets.UTF_8)));
        assertEquals(ProvisionReason.UPDATE_MALFORMED, twice.reason(), "a duplicate key is not JSON here");
    }

    /**
     * The envelope's payload may be base64url with padding (what {@code Base64.getUrlEncoder()}
     * writes by default, and what the verifier took before it streamed): the same signed bytes
     * verify whether their length leaves one, two or no padding characters.
     */
    @Test
    void aPayloadInPaddedBase64urlVerifiesWhateverItsLength() throws Exception {
        Set<Integer> paddings = new TreeSet<>();
        for (long seq : List.of(1L, 10L, 100L)) {
            ObjectNode envelope = (ObjectNode) BundleJson.mapper().readTree(signed(policy(UpdateTarget.device("T01"), seq), ROOT));
            byte[] payload = Base64.getUrlDecoder().decode(envelope.get("payload").asText());
            paddings.add((3 - payload.length % 3) % 3);
            envelope.put("payload", Base64.getUrlEncoder().encodeToString(payload)); // the same bytes, padded
            UpdateVerdict v = VERIFIER.verify(envelope.toString().getBytes(StandardCharsets.UTF_8));
            UpdateVerdict.Verified verified = assertInstanceOf(UpdateVerdict.Verified.class, v,
                    "a payload of " + payload.length + " bytes (" + (3 - payload.length % 3) % 3 + " padding characters): " + v);
            assertEquals("device/T01/" + seq, verified.update().updateId());
        }
        assertEquals(Set.of(0, 1, 2), paddings, "payloads with none, one and two padding characters");
    }

    /**
     * Base64url has its padding at the end only: a payload written as two padded pieces (the
     * first piece's {@code ==} inside the string) is not base64url, and Java's decoder and the
     * bundle verifier refuse it, so the update verifier must too (else one signed update has
     * many messages, each with its own SHA-256 for the breaker).
     */
    @Test
    void aPayloadWithPaddingInsideIsRefused() throws Exception {
        ObjectNode envelope = (ObjectNode) BundleJson.mapper().readTree(signed(policy(UpdateTarget.device("T01"), 4), ROOT));
        byte[] payload = Base64.getUrlDecoder().decode(envelope.get("payload").asText());
        String twoPieces = Base64.getUrlEncoder().encodeToString(java.util.Arrays.copyOfRange(payload, 0, 1))
                + Base64.getUrlEncoder().encodeToString(java.util.Arrays.copyOfRange(payload, 1, payload.length));
        assertTrue(twoPieces.indexOf('=') < twoPieces.length() - 3, twoPieces);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Base64.getUrlDecoder().decode(twoPieces));
        envelope.put("payload", twoPieces);
        UpdateVerdict v = VERIFIER.verify(envelope.toString().getBytes(StandardCharsets.UTF_8));
        UpdateVerdict.Refused r = assertInstanceOf(UpdateVerdict.Refused.class, v, "padding inside the payload: " + v);
        assertEquals(ProvisionReason.UPDATE_MALFORMED, r.reason());
    }

    /**
     * A payload with a space, or a raw line feed (not even legal inside a JSON string), in its
     * base64url is not base64url: refused like any other character outside the alphabet.
     */
    @Test
    void aPayloadWithWhitespaceInsideIsRefused() throws Exception {
        ObjectNode envelope = (ObjectNode) BundleJson.mapper().readTree(signed(policy(UpdateTarget.device("T01"), 5), ROOT));
        String payload = envelope.get("payload").asText();
        List<String> verified = new java.util.ArrayList<>();
        for (String blank : List.of(" ", "\n")) {
            String json = envelope.toString().replace(payload, payload.substring(0, 8) + blank + payload.substring(8));
            if (VERIFIER.verify(json.getBytes(StandardCharsets.UTF_8)) instanceof UpdateVerdict.Verified) verified.add(blank.equals(" ") ? "space" : "raw LF");
        }
        assertEquals(List.of(), verified, "verified with these inside the payload");
    }
}
