package org.yibao.provisioning.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.wire.Topics;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;

/** The centre's ledger on a real SQLite file: numbering per target, catch-up answers, who may ask. */
class UpdateLedgerTest {
    private static final DeviceKey ROOT = DeviceKey.generate(KeyAlgorithm.EC);
    private static final UpdateSigner SIGNER = new UpdateSigner(ROOT.pair().getPrivate(), KeyAlgorithm.EC);
    private static final Topics T01 = new Topics("371502", "H00000000001", "T01");
    private static final byte[] BODY = "x".getBytes(StandardCharsets.UTF_8);

    @Test
    void eachTargetCountsFromOneAndCatchUpAnswersBothStreamsInOrder(@TempDir Path dir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("centre.db"))) {
            UpdateLedger ledger = UpdateLedger.open(db, Clock.systemUTC());
            assertEquals(1, ledger.add(UpdateTarget.device("T01"), UpdateKind.POLICY, BODY, "", SIGNER).seq());
            assertEquals(1, ledger.add(UpdateTarget.area("371502"), UpdateKind.POLICY, BODY, "", SIGNER).seq());
            assertEquals(2, ledger.add(UpdateTarget.device("T01"), UpdateKind.COMMAND, new byte[0], "status", SIGNER).seq());
            assertEquals(1, ledger.add(UpdateTarget.device("T02"), UpdateKind.POLICY, BODY, "", SIGNER).seq());
            assertEquals(Map.of("area/371502", 1L, "device/T01", 2L, "device/T02", 1L), ledger.streams());

            CatchUp.Answer answer = CatchUp.Answer.parse(ledger.answer(T01,
                    new CatchUp.Request("T01", "371502", "H00000000001", Map.of("device/T01", 1L)).toJson()));
            UpdateVerifier device = new UpdateVerifier(List.of(ROOT.pair().getPublic()), "T01", "371502");
            List<String> ids = answer.updates().stream()
                    .map(u -> ((UpdateVerdict.Verified) device.verify(u)).update().updateId()).toList();
            assertEquals(List.of("area/371502/1", "device/T01/2"), ids, "in the order they were published, across both streams");
            assertFalse(answer.more());
            assertEquals("H00000000001", ledger.device("T01").orElseThrow().fixmedinsCode(), "the device's topics are learnt");
        }
    }

    /**
     * An answer reads only the envelopes it sends: a file in 1 MiB pieces is twenty envelopes of
     * about 1.9 MB in one stream, and each answer (one piece, over the 1 MB budget) read all twenty,
     * about 37 MB, for every device of an area asking after the publish (read-only review). Counted
     * as the bytes this thread allocates while answering.
     */
    @Test
    void anAnswerReadsOnlyTheEnvelopesItSends(@TempDir Path dir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("centre.db"))) {
            UpdateLedger ledger = UpdateLedger.open(db, Clock.systemUTC());
            byte[] file = new byte[20 << 20];
            new java.util.Random(7).nextBytes(file);
            List<UpdateLedger.Stored> pieces = ledger.addParts(UpdateTarget.area("371502"), file, 1 << 20, SIGNER);
            long envelope = pieces.getFirst().envelope().length;
            byte[] request = new CatchUp.Request("T01", "371502", "H00000000001", Map.of(), 1 << 20, 0, true).toJson();
            ledger.answer(T01, request); // classes loaded, statements warm

            var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            CatchUp.Answer answer = CatchUp.Answer.parse(ledger.answer(T01, request));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertEquals(1, answer.updates().size(), "one piece an answer");
            assertTrue(answer.more());
            assertTrue(allocated < 6 * envelope, "answering allocated " + allocated + " bytes for one envelope of " + envelope);
        }
    }

    /**
     * A stream cut at the answer's limit holds back the other stream's updates published after
     * its next one: they come in the next answer, behind it, in the order they were published.
     */
    @Test
    void anUpdatePublishedAfterTheCutOfAnotherStreamWaitsForTheNextAnswer(@TempDir Path dir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("centre.db"))) {
            UpdateLedger ledger = UpdateLedger.open(db, Clock.systemUTC());
            for (int i = 0; i <= UpdateLedger.CATCH_UP_LIMIT; i++) {
                ledger.add(UpdateTarget.device("T01"), UpdateKind.COMMAND, new byte[0], "status", SIGNER);
            }
            ledger.add(UpdateTarget.area("371502"), UpdateKind.POLICY, BODY, "", SIGNER);
            UpdateVerifier device = new UpdateVerifier(List.of(ROOT.pair().getPublic()), "T01", "371502");

            CatchUp.Answer first = CatchUp.Answer.parse(ledger.answer(T01,
                    new CatchUp.Request("T01", "371502", "H00000000001", Map.of()).toJson()));
            List<String> firstIds = first.updates().stream()
                    .map(u -> ((UpdateVerdict.Verified) device.verify(u)).update().updateId()).toList();
            assertEquals(UpdateLedger.CATCH_UP_LIMIT, firstIds.size(), firstIds.toString());
            assertTrue(firstIds.stream().allMatch(id -> id.startsWith("device/")), firstIds.toString());
            assertTrue(first.more());

            CatchUp.Answer second = CatchUp.Answer.parse(ledger.answer(T01, new CatchUp.Request("T01", "371502", "H00000000001",
                    Map.of("device/T01", (long) UpdateLedger.CATCH_UP_LIMIT)).toJson()));
            assertEquals(List.of("device/T01/21", "area/371502/1"), second.updates().stream()
                    .map(u -> ((UpdateVerdict.Verified) device.verify(u)).update().updateId()).toList());
            assertFalse(second.more());
        }
    }

    @Test
    void aRequestNamingAnotherDeviceThanItsTopicIsRefused(@TempDir Path dir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("centre.db"))) {
            UpdateLedger ledger = UpdateLedger.open(db, Clock.systemUTC());
            ledger.add(UpdateTarget.device("T02"), UpdateKind.POLICY, BODY, "", SIGNER);
            byte[] answer = ledger.answer(T01, new CatchUp.Request("T02", "371502", "H00000000001", Map.of()).toJson());
            assertThrows(IllegalArgumentException.class, () -> CatchUp.Answer.parse(answer));
            assertTrue(ledger.device("T02").isEmpty());
        }
    }

    @Test
    void aLongBacklogComesInPagesOfTwenty(@TempDir Path dir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("centre.db"))) {
            UpdateLedger ledger = UpdateLedger.open(db, Clock.systemUTC());
            for (int i = 0; i < 25; i++) ledger.add(UpdateTarget.device("T01"), UpdateKind.POLICY, BODY, "", SIGNER);
            CatchUp.Answer first = CatchUp.Answer.parse(ledger.answer(T01, new CatchUp.Request("T01", "371502", "H00000000001", Map.of()).toJson()));
            assertEquals(20, first.updates().size());
            assertTrue(first.more());
            CatchUp.Answer rest = CatchUp.Answer.parse(ledger.answer(T01,
                    new CatchUp.Request("T01", "371502", "H00000000001", Map.of("device/T01", 20L)).toJson()));
            assertEquals(5, rest.updates().size());
            assertFalse(rest.more());
        }
    }

    /**
     * A device that asks for at most N bytes of envelopes gets them in answers of at most N bytes
     * (a larger update alone), every update once and in order, as objects it reads where they lie
     * when it asked for them inline, and as the same envelopes when an older device asked for strings.
     */
    @Test
    void answersKeepWithinTheBytesAskedForAndInlineEnvelopesReadWhereTheyLie(@TempDir Path dir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("centre.db"))) {
            UpdateLedger ledger = UpdateLedger.open(db, Clock.systemUTC());
            int[] sizes = {10, 3_000, 10, 10, 9_000, 10, 10};
            for (int size : sizes) ledger.add(UpdateTarget.device("T01"), UpdateKind.POLICY, new byte[size], "", SIGNER);
            ledger.add(UpdateTarget.area("371502"), UpdateKind.POLICY, BODY, "", SIGNER);
            UpdateVerifier device = new UpdateVerifier(List.of(ROOT.pair().getPublic()), "T01", "371502");
            long budget = 4_500;
            Map<String, Long> after = new java.util.TreeMap<>(Map.of("device/T01", 0L, "area/371502", 0L));
            List<String> seen = new java.util.ArrayList<>();
            List<Integer> lengths = new java.util.ArrayList<>();
            boolean more = true;
            for (int round = 0; more; round++) {
                assertTrue(round < 10, "the catch-up ends");
                byte[] answer = ledger.answer(T01, new CatchUp.Request("T01", "371502", "H00000000001", after, budget, 0, true).toJson());
                CatchUp.Received received = CatchUp.Received.read(answer);
                int envelopeBytes = received.updates().stream().mapToInt(CatchUp.Envelope::length).sum();
                assertTrue(envelopeBytes <= budget || received.updates().size() == 1, envelopeBytes + " bytes in " + received.updates().size());
                for (CatchUp.Envelope e : received.updates()) {
                    assertTrue(e.bytes() == answer, "an inline envelope is read where it lies in the answer");
                    Update u = ((UpdateVerdict.Verified) device.verify(e.bytes(), e.offset(), e.length())).update();
                    seen.add(u.updateId());
                    if (u.target().scope() == UpdateTarget.Scope.DEVICE) lengths.add(u.contentLength());
                    after.put(u.target().stream(), u.seq());
                }
                more = received.more();
            }
            assertEquals(List.of("device/T01/1", "device/T01/2", "device/T01/3", "device/T01/4", "device/T01/5", "device/T01/6",
                    "device/T01/7", "area/371502/1"), seen);
            assertEquals(java.util.Arrays.stream(sizes).boxed().toList(), lengths);

            byte[] older = ledger.answer(T01, new CatchUp.Request("T01", "371502", "H00000000001", Map.of("device/T01", 6L)).toJson());
            assertTrue(new String(older, StandardCharsets.UTF_8).startsWith("{\"updates\":[\""), "an older device gets strings");
            CatchUp.Received asStrings = CatchUp.Received.read(older);
            assertEquals(List.of("device/T01/7", "area/371502/1"), asStrings.updates().stream()
                    .map(e -> ((UpdateVerdict.Verified) device.verify(e.bytes(), e.offset(), e.length())).update().updateId()).toList());
        }
    }

    /**
     * A device says the kinds it knows: an update of another kind (a file in pieces to a build from
     * before pieces, say) is withheld and named instead of sent at every ask to be refused, which
     * cost a waiting device about 1.8 MB a minute (read-only review); the stream waits behind it and
     * the other stream's updates still come. A device that says nothing gets everything, as before.
     */
    @Test
    void anUpdateOfAKindTheDeviceDoesNotKnowIsWithheldAndNamed(@TempDir Path dir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("centre.db"))) {
            UpdateLedger ledger = UpdateLedger.open(db, Clock.systemUTC());
            List<UpdateLedger.Stored> pieces = ledger.addParts(UpdateTarget.device("T01"), UpdateKind.CODEMAP_PART, new byte[100_000], 65_536, SIGNER);
            ledger.add(UpdateTarget.area("371502"), UpdateKind.POLICY, BODY, "", SIGNER);
            List<String> older = java.util.Arrays.stream(UpdateKind.values()).filter(k -> k != UpdateKind.CODEMAP_PART)
                    .map(UpdateKind::wire).toList();
            CatchUp.Request knowing = new CatchUp.Request("T01", "371502", "H00000000001", Map.of(), 1 << 20, 0, true, List.of(), older);
            CatchUp.Received received = CatchUp.Received.read(ledger.answer(T01, CatchUp.Request.parse(knowing.toJson()).toJson()));
            UpdateVerifier device = new UpdateVerifier(List.of(ROOT.pair().getPublic()), "T01", "371502");
            assertEquals(List.of("area/371502/1"), received.updates().stream()
                    .map(e -> ((UpdateVerdict.Verified) device.verify(e.bytes(), e.offset(), e.length())).update().updateId()).toList());
            assertEquals(List.of(new CatchUp.Withheld("device/T01/1", pieces.getFirst().envelope().length, CatchUp.Withheld.UNKNOWN_KIND)),
                    received.withheld());

            CatchUp.Received saysNothing = CatchUp.Received.read(ledger.answer(T01,
                    new CatchUp.Request("T01", "371502", "H00000000001", Map.of(), 1 << 20, 0, true).toJson()));
            assertEquals(3, saysNothing.updates().size(), "both pieces and the policy");
            assertTrue(saysNothing.withheld().isEmpty());
        }
    }

    /**
     * An update whose envelope is larger than the device's packet limit is not sent (the broker
     * would drop it) but named, with its size; the updates behind it in its stream wait, the other
     * stream's still come, and an answer never holds more than the packet takes.
     */
    @Test
    void anUpdateLargerThanTheDevicesPacketIsWithheldAndNamed(@TempDir Path dir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("centre.db"))) {
            UpdateLedger ledger = UpdateLedger.open(db, Clock.systemUTC());
            ledger.add(UpdateTarget.device("T01"), UpdateKind.POLICY, BODY, "", SIGNER);
            UpdateLedger.Stored large = ledger.add(UpdateTarget.device("T01"), UpdateKind.CATALOG, new byte[60_000], "", SIGNER);
            ledger.add(UpdateTarget.device("T01"), UpdateKind.POLICY, BODY, "", SIGNER);
            ledger.add(UpdateTarget.area("371502"), UpdateKind.POLICY, new byte[30_000], "", SIGNER);
            ledger.add(UpdateTarget.area("371502"), UpdateKind.POLICY, new byte[30_000], "", SIGNER);
            long packet = 64 * 1024;
            byte[] first = ledger.answer(T01, new CatchUp.Request("T01", "371502", "H00000000001", Map.of(), 1 << 20, packet, true).toJson());
            assertTrue(first.length <= packet, first.length + " bytes");
            CatchUp.Received received = CatchUp.Received.read(first);
            UpdateVerifier device = new UpdateVerifier(List.of(ROOT.pair().getPublic()), "T01", "371502");
            assertEquals(List.of("device/T01/1", "area/371502/1"), received.updates().stream()
                    .map(e -> ((UpdateVerdict.Verified) device.verify(e.bytes(), e.offset(), e.length())).update().updateId()).toList());
            assertEquals(List.of(new CatchUp.Withheld("device/T01/2", large.envelope().length)), received.withheld());
            CatchUp.Received setAside = CatchUp.Received.read(ledger.answer(T01, new CatchUp.Request("T01", "371502", "H00000000001",
                    Map.of("device/T01", 1L, "area/371502", 2L), 0, 0, true, List.of(UpdateEnvelope.sha256(large.envelope()))).toJson()));
            assertEquals(List.of(new CatchUp.Withheld("device/T01/2", large.envelope().length, CatchUp.Withheld.SET_ASIDE)),
                    setAside.withheld(), "an update the device set aside is held back however large it may take");
            assertTrue(setAside.updates().isEmpty());
            assertTrue(received.more(), "the area's second update did not fit in this packet");
            CatchUp.Received rest = CatchUp.Received.read(ledger.answer(T01, new CatchUp.Request("T01", "371502", "H00000000001",
                    Map.of("device/T01", 1L, "area/371502", 1L), 1 << 20, packet, true).toJson()));
            assertEquals(1, rest.updates().size());
            assertEquals(1, rest.withheld().size());
            assertFalse(rest.more(), "a withheld update does not make the device ask again at once");
            CatchUp.Answer unlimited = CatchUp.Answer.parse(ledger.answer(T01,
                    new CatchUp.Request("T01", "371502", "H00000000001", Map.of("device/T01", 1L, "area/371502", 2L)).toJson()));
            assertEquals(2, unlimited.updates().size(), "a device that declares no limit gets it");
            assertTrue(unlimited.withheld().isEmpty());
            assertEquals(List.of(), ledger.tooLargeFor(UpdateTarget.device("T01"), large.envelope().length), "T01 said no limit last");
            ledger.answer(T01, new CatchUp.Request("T01", "371502", "H00000000001", Map.of(), 0, packet, true).toJson());
            assertEquals(List.of("T01"), ledger.tooLargeFor(UpdateTarget.area("371502"), large.envelope().length));
            assertEquals(List.of(), ledger.tooLargeFor(UpdateTarget.area("371502"), packet - CatchUp.PACKET_OVERHEAD));
            assertEquals(List.of(), ledger.tooLargeFor(UpdateTarget.device("T02"), large.envelope().length));
        }
    }

    /**
     * A withheld update holds its stream: the smaller file sent instead is the stream's next
     * sequence, and waits behind it until the centre withdraws it. Withdrawn, it is a signed
     * notice of the same id with no content, which the device takes, and the smaller file after it.
     */
    @Test
    void aWithheldUpdateWithdrawnLetsTheSmallerFileSentAfterItThrough(@TempDir Path dir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("centre.db"))) {
            UpdateLedger ledger = UpdateLedger.open(db, Clock.systemUTC());
            long packet = 64 * 1024;
            UpdateTarget area = UpdateTarget.area("371502");
            UpdateLedger.Stored large = ledger.add(area, UpdateKind.CATALOG, new byte[60_000], "", SIGNER);
            byte[] request = new CatchUp.Request("T01", "371502", "H00000000001", Map.of(), 1 << 20, packet, true).toJson();
            CatchUp.Received before = CatchUp.Received.read(ledger.answer(T01, request));
            assertEquals(List.of(new CatchUp.Withheld("area/371502/1", large.envelope().length)), before.withheld());
            ledger.add(area, UpdateKind.CATALOG, new byte[6_000], "", SIGNER); // the smaller file, instead
            assertEquals(List.of(), CatchUp.Received.read(ledger.answer(T01, request)).updates(), "it waits behind the withheld one");

            UpdateLedger.Stored notice = ledger.withdraw(area, 1, SIGNER).orElseThrow();
            assertEquals("withdrawn", notice.kind());
            assertTrue(ledger.withdraw(area, 3, SIGNER).isEmpty(), "no update 3 to withdraw");

            CatchUp.Received after = CatchUp.Received.read(ledger.answer(T01, request));
            UpdateVerifier device = new UpdateVerifier(List.of(ROOT.pair().getPublic()), "T01", "371502");
            List<Update> updates = after.updates().stream()
                    .map(e -> ((UpdateVerdict.Verified) device.verify(e.bytes(), e.offset(), e.length())).update()).toList();
            assertEquals(List.of("area/371502/1", "area/371502/2"), updates.stream().map(Update::updateId).toList(), "withheld: " + after.withheld());
            assertEquals(UpdateKind.WITHDRAWN, updates.getFirst().kind());
            assertEquals(0, updates.getFirst().contentLength());
            assertEquals(List.of(), after.withheld());
        }
    }

    /** A centre database from before devices said their packet size gets the column, and its devices none. */
    @Test
    void aLedgerFromBeforeThePacketSizeIsOpenedAsItWas(@TempDir Path dir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("centre.db"))) {
            db.inTransaction(c -> {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE centre_device(device TEXT PRIMARY KEY, admdvs TEXT NOT NULL, fixmedins TEXT NOT NULL, seen_at INTEGER NOT NULL)");
                    s.execute("INSERT INTO centre_device VALUES ('T01', '371502', 'H00000000001', 1)");
                }
                return null;
            });
            UpdateLedger ledger = UpdateLedger.open(db, Clock.systemUTC());
            assertEquals("H00000000001", ledger.device("T01").orElseThrow().fixmedinsCode());
            assertEquals(List.of(), ledger.tooLargeFor(UpdateTarget.device("T01"), 1L << 30));
            UpdateLedger.open(db, Clock.systemUTC());
        }
    }
}
