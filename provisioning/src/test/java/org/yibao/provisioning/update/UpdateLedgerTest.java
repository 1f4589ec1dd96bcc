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
            assertEquals(List.of("device/T01/2", "area/371502/1"), ids);
            assertFalse(answer.more());
            assertEquals("H00000000001", ledger.device("T01").orElseThrow().fixmedinsCode(), "the device's topics are learnt");
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
}
