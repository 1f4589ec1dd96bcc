package org.yibao.provisioning.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.yibao.provisioning.bundle.BundleJson;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;

/** A file cut into {@code catalog-part} updates: the pieces, their signed {@code part}, and what the device refuses of it (1941). */
class FilePartTest {
    private static final DeviceKey KEY = DeviceKey.generate(KeyAlgorithm.EC);
    private static final UpdateVerifier VERIFIER = new UpdateVerifier(List.of(KEY.pair().getPublic()), "T01", "371502");
    private static final Instant AT = Instant.parse("2026-12-07T05:00:00Z");

    @Test
    void thePiecesPutTogetherAreTheFileAndEachNamesIt() {
        byte[] file = new byte[10_001];
        for (int i = 0; i < file.length; i++) file[i] = (byte) (i * 31);
        List<FilePart.Piece> pieces = FilePart.split(file, 2_500);

        assertEquals(5, pieces.size(), "four whole pieces and one byte");
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (int i = 0; i < pieces.size(); i++) {
            FilePart part = pieces.get(i).part();
            assertEquals(new FilePart(i + 1, 5, file.length, UpdateEnvelope.sha256(file)), part);
            assertEquals(i == 4, part.last());
            whole.writeBytes(pieces.get(i).bytes());
        }
        assertEquals(1, pieces.getLast().bytes().length);
        assertArrayEquals(file, whole.toByteArray());
        assertEquals(1, FilePart.split(file, file.length).size(), "a file of one piece");
        assertEquals(1, FilePart.split(file, Integer.MAX_VALUE).size(), "a piece size near int's limit does not overflow");
        assertArrayEquals(new byte[] {1, 2, 3}, FilePart.split(new byte[] {1, 2, 3}, Integer.MAX_VALUE).getFirst().bytes());
    }

    /** Why a piece does not follow, in words that tell a gap in this file from another file's pieces held. */
    @Test
    void aPieceThatDoesNotFollowSaysWhatIsHeld() {
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        FilePart third = new FilePart(3, 5, 10_000, a);
        assertEquals(java.util.Optional.empty(), third.notFollowing(List.of(new FilePart(1, 5, 10_000, a), new FilePart(2, 5, 10_000, a))));
        assertEquals("收到分片 3/5（文件 aaaaaaaaaaaa…），本机所存该文件之前的分片为 1 个，应为 2 个",
                third.notFollowing(List.of(new FilePart(1, 5, 10_000, a))).orElseThrow());
        assertEquals("收到分片 3/5（文件 aaaaaaaaaaaa…），本机所存的是另一文件（bbbbbbbbbbbb…）的 2 个分片，没有该文件之前的 2 个分片",
                third.notFollowing(List.of(new FilePart(1, 5, 10_000, b), new FilePart(2, 5, 10_000, b))).orElseThrow());
    }

    @Test
    void aSignedPieceVerifiesWithWhereItLies() {
        FilePart.Piece piece = FilePart.split("abcdef".getBytes(StandardCharsets.UTF_8), 4).get(1);
        Update update = new Update(UpdateTarget.area("371502"), 8, AT, piece);

        UpdateVerdict.Verified v = assertInstanceOf(UpdateVerdict.Verified.class,
                VERIFIER.verify(UpdateEnvelope.sign(update, KEY.pair().getPrivate(), KEY.algorithm())));
        assertEquals(UpdateKind.CATALOG_PART, v.update().kind());
        assertEquals(piece.part(), v.update().part().orElseThrow());
        assertArrayEquals("ef".getBytes(StandardCharsets.UTF_8), v.update().content());
        assertTrue(v.update().toString().contains("part 2/2"), v.update().toString());

        Update ofACodeMap = new Update(UpdateTarget.area("371502"), 9, UpdateKind.CODEMAP_PART, AT, piece);
        UpdateVerdict.Verified map = assertInstanceOf(UpdateVerdict.Verified.class,
                VERIFIER.verify(UpdateEnvelope.sign(ofACodeMap, KEY.pair().getPrivate(), KEY.algorithm())));
        assertEquals(UpdateKind.CODEMAP_PART, map.update().kind());
        assertEquals(piece.part(), map.update().part().orElseThrow(), "a code map's piece says where it lies too");
        assertThrows(IllegalArgumentException.class, () -> new Update(UpdateTarget.area("371502"), 9, UpdateKind.CODEMAP_PART, AT,
                new byte[1], ""), "a piece without its place");
        assertThrows(IllegalArgumentException.class, () -> new Update(UpdateTarget.area("371502"), 9, UpdateKind.CODEMAP, AT, piece),
                "a place for what is not a piece");
    }

    @Test
    void aPieceWithoutAPlaceOrWithAWrongOneIsRefusedMalformed() {
        List<Consumer<ObjectNode>> faults = List.of(
                p -> p.remove("part"),
                p -> p.put("part", "1/2"),
                p -> ((ObjectNode) p.get("part")).put("index", 3), // beyond its count
                p -> ((ObjectNode) p.get("part")).put("index", 0),
                p -> ((ObjectNode) p.get("part")).put("index", 1.5),
                p -> ((ObjectNode) p.get("part")).put("count", "2"),
                p -> ((ObjectNode) p.get("part")).put("file_bytes", 1), // the content is longer than the file
                p -> ((ObjectNode) p.get("part")).put("file_sha256", "ABC"),
                p -> ((ObjectNode) p.get("part")).remove("file_sha256"),
                p -> p.put("content", "").put("content_sha256", UpdateEnvelope.sha256(new byte[0]))); // an empty piece
        for (Consumer<ObjectNode> fault : faults) {
            ObjectNode payload = payload();
            fault.accept(payload);
            UpdateVerdict.Refused r = assertInstanceOf(UpdateVerdict.Refused.class, VERIFIER.verify(envelope(payload)), payload.toString());
            assertEquals("1941", r.reason().code(), payload.toString());
            assertTrue(r.signed() && r.detail().contains("part"), r.detail());
            assertEquals("area/371502/8", r.claimedId());
        }
    }

    @Test
    void onlyAPieceSaysWhereItLies() {
        FilePart.Piece piece = FilePart.split(new byte[3], 2).getFirst();
        assertThrows(IllegalArgumentException.class, () -> new FilePart(0, 2, 3, piece.part().fileSha256()));
        assertThrows(IllegalArgumentException.class, () -> new FilePart(3, 2, 3, piece.part().fileSha256()));
        assertThrows(IllegalArgumentException.class, () -> new FilePart(1, 2, 0, piece.part().fileSha256()));
        assertThrows(IllegalArgumentException.class, () -> FilePart.split(new byte[0], 2));
        assertThrows(IllegalArgumentException.class, () -> FilePart.split(new byte[3], 0));
        assertTrue(new Update(UpdateTarget.area("371502"), 1, UpdateKind.CATALOG, AT, new byte[3], "").part().isEmpty());
    }

    /** The payload of piece 1 of 2 of a 6-byte file, as the centre signs it. */
    private static ObjectNode payload() {
        FilePart.Piece piece = FilePart.split("abcdef".getBytes(StandardCharsets.UTF_8), 4).getFirst();
        try {
            return (ObjectNode) BundleJson.mapper().readTree(UpdateEnvelope.payload(new Update(UpdateTarget.area("371502"), 8, AT, piece)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] envelope(ObjectNode payload) {
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        ObjectNode envelope = BundleJson.mapper().createObjectNode();
        envelope.put("format", UpdateEnvelope.FORMAT);
        envelope.put("payload", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        envelope.put("signature", Base64.getUrlEncoder().withoutPadding()
                .encodeToString(BundleJson.signature(bytes, KEY.pair().getPrivate(), KEY.algorithm())));
        return envelope.toString().getBytes(StandardCharsets.UTF_8);
    }
}
