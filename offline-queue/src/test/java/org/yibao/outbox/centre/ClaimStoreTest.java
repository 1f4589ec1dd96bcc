package org.yibao.outbox.centre;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.wire.Ack;
import org.yibao.outbox.wire.Envelope;

/**
 * The centre's store on a real SQLite file: each id stored once, the first answer given again
 * for every duplicate (in the same batch, in a later batch, from another instance on the same
 * file), reject rules and the verification's own rejection, arrival order.
 */
class ClaimStoreTest {

    @TempDir
    Path dir;

    @Test
    void storesEachIdOnceAndAnswersADuplicateAsTheFirstTime() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("c.db"))) {
            ClaimStore store = ClaimStore.open(db);
            List<Ack> first = store.storeAll(List.of(claim("T01-1", "first"), claim("T01-2", "second")), "a", 100);
            assertEquals(List.of(ack("T01-1", Ack.Status.ACCEPTED, "0", "", "a", 100), ack("T01-2", Ack.Status.ACCEPTED, "0", "", "a", 100)),
                    first);

            store.rejectId("T01-1", "E9", "迟到的规则"); // a rule for a stored id changes nothing
            List<Ack> again = store.storeAll(List.of(claim("T01-1", "first"), claim("T01-3", "third"), claim("T01-3", "third")), "b", 200);
            assertEquals(List.of(ack("T01-1", Ack.Status.ACCEPTED, "0", "", "b", 200), ack("T01-3", Ack.Status.ACCEPTED, "0", "", "b", 200),
                    ack("T01-3", Ack.Status.ACCEPTED, "0", "", "b", 200)), again);

            StoredClaim one = store.find("T01-1").orElseThrow();
            assertEquals(2, one.deliveries());
            assertArrayEquals("first".getBytes(UTF_8), one.payload());
            assertEquals("a", one.receivedBy());
            assertEquals(2, store.find("T01-3").orElseThrow().deliveries());
            assertEquals(List.of("T01-1", "T01-2", "T01-3"), store.all().stream().map(StoredClaim::id).toList());
            assertEquals(List.of(1L, 2L, 3L), store.all().stream().map(StoredClaim::arrival).toList());
            assertEquals(3, store.count());
        }
    }

    @Test
    void anIdThatComesAgainWithAnotherPayloadIsRefusedAndTheStoredClaimStays() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("c.db"))) {
            ClaimStore store = ClaimStore.open(db);
            store.storeAll(List.of(claim("T01-1", "settlement S1")), "a", 100);

            // a device whose database lost its last commits numbers a new claim T01-1 again
            List<Ack> reused = store.storeAll(List.of(claim("T01-1", "settlement S7")), "a", 200);

            assertEquals(List.of(ack("T01-1", Ack.Status.REJECTED, ClaimStore.ID_REUSED, ClaimStore.ID_REUSED_REASON, "a", 200)), reused,
                    "not acknowledged as a duplicate: the new claim would be lost without a word");
            assertArrayEquals("settlement S1".getBytes(UTF_8), store.find("T01-1").orElseThrow().payload());
            assertEquals(List.of(ack("T01-1", Ack.Status.ACCEPTED, "0", "", "a", 300)),
                    store.storeAll(List.of(claim("T01-1", "settlement S1")), "a", 300), "the real duplicate still gets the first answer");
            assertEquals(1, store.count());
        }
    }

    @Test
    void rejectsByRuleAndKeepsThatAnswerAndAnswersAVerificationRefusalWithoutStoringIt() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("c.db"))) {
            ClaimStore store = ClaimStore.open(db);
            store.rejectId("T01-7", "E42", "目录编码不存在");
            store.rejectId("T01-8", "E43", "规则");
            ClaimStore.Received foreign = new ClaimStore.Received(envelope("T01-8", "x"), "370100", "P1", "T02", "E_DEVICE", "报文标识与上传设备不符");
            List<Ack> acks = store.storeAll(List.of(claim("T01-7", "x"), foreign, claim("T01-9", "x")), "a", 5);
            assertEquals(List.of(ack("T01-7", Ack.Status.REJECTED, "E42", "目录编码不存在", "a", 5),
                    ack("T01-8", Ack.Status.REJECTED, "E_DEVICE", "报文标识与上传设备不符", "a", 5),
                    ack("T01-9", Ack.Status.ACCEPTED, "0", "", "a", 5)), acks);
            assertEquals(java.util.Optional.empty(), store.find("T01-8"), "a verification refusal is answered, not stored");

            // so the id's own device still gets its own answer (here its rule's)
            assertEquals(List.of(ack("T01-8", Ack.Status.REJECTED, "E43", "规则", "a", 6)),
                    store.storeAll(List.of(claim("T01-8", "x")), "a", 6));
            assertEquals("T01", store.find("T01-8").orElseThrow().device());
            StoredClaim stored = store.find("T01-7").orElseThrow();
            assertEquals("REJECTED", stored.status());
            assertEquals("E42", stored.code());

            // a refused delivery of an id its device already stored is answered as any duplicate:
            // the stored answer for the stored payload (a centre that checks more than the one
            // that stored it), E_ID_REUSED for another (a new claim under a used id, not to be lost)
            ClaimStore.Received refusedDuplicate = new ClaimStore.Received(envelope("T01-9", "x"), "370100", "P1", "T01",
                    "E_PAYLOAD", "不可读");
            assertEquals(List.of(ack("T01-9", Ack.Status.ACCEPTED, "0", "", "a", 7)), store.storeAll(List.of(refusedDuplicate), "a", 7));
            ClaimStore.Received refusedReuse = new ClaimStore.Received(envelope("T01-9", "changed"), "370100", "P1", "T01",
                    "E_PAYLOAD", "不可读");
            assertEquals(List.of(ack("T01-9", Ack.Status.REJECTED, ClaimStore.ID_REUSED, ClaimStore.ID_REUSED_REASON, "a", 8)),
                    store.storeAll(List.of(refusedReuse), "a", 8));
            assertEquals(3, store.find("T01-9").orElseThrow().deliveries());
            assertArrayEquals("x".getBytes(UTF_8), store.find("T01-9").orElseThrow().payload());
        }
    }

    /**
     * Earlier versions stored a claim refused because its id was another device's (E_DEVICE)
     * under that id, so the id's own device later got that refusal as its answer: opening the
     * store removes such rows.
     */
    @Test
    void openingTheStoreRemovesDeviceRefusalsEarlierVersionsStoredUnderAnotherDevicesId() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("c.db"))) {
            ClaimStore.open(db);
            db.inTransaction(c -> {
                try (var insert = c.createStatement()) {
                    insert.execute("""
                        INSERT INTO centre_claim(id, device, admdvs, fixmedins, lane, type, order_key, payload, created_at, arrival,
                                                 received_at, received_by, status, code, reason, deliveries)
                        VALUES ('T01-5', 'FAKE01', '370100', 'P1', 'MESSAGES', 'claim.settle', NULL, x'7b7d', 1, 1, 1, 'a',
                                'REJECTED', 'E_DEVICE', '报文标识与上传设备不符', 1)""");
                }
                return null;
            });
            ClaimStore store = ClaimStore.open(db);
            assertEquals(java.util.Optional.empty(), store.find("T01-5"));
            assertEquals(List.of(ack("T01-5", Ack.Status.ACCEPTED, "0", "", "a", 9)), store.storeAll(List.of(claim("T01-5", "real")), "a", 9));
        }
    }

    @Test
    void twoInstancesOnOneFileShareIdsRulesAndArrivalOrder() throws Exception {
        try (SqliteDatabase a = SqliteDatabase.open(dir.resolve("c.db"));
             SqliteDatabase b = SqliteDatabase.open(dir.resolve("c.db"))) {
            ClaimStore storeA = ClaimStore.open(a);
            ClaimStore storeB = ClaimStore.open(b);
            for (int round = 0; round < 3; round++) { // the kept statement sees the other instance's rows
                String id = "T01-" + round;
                assertEquals(List.of(ack(id, Ack.Status.ACCEPTED, "0", "", "a", round)), storeA.storeAll(List.of(claim(id, "p")), "a", round));
                assertEquals(List.of(ack(id, Ack.Status.ACCEPTED, "0", "", "b", round)), storeB.storeAll(List.of(claim(id, "p")), "b", round));
            }
            storeA.rejectId("T01-5", "E1", "r");
            assertEquals(Ack.Status.REJECTED, storeB.storeAll(List.of(claim("T01-5", "p")), "b", 9).getFirst().status());
            assertEquals(List.of(1L, 2L, 3L, 4L), storeB.all().stream().map(StoredClaim::arrival).toList());
            assertEquals(List.of(2, 2, 2, 1), storeA.all().stream().map(StoredClaim::deliveries).toList());
        }
    }

    @Test
    void newestAcceptedFindsOneDevicesMessagesOfOneTypeNewestFirst() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("c.db"))) {
            ClaimStore store = ClaimStore.open(db);
            store.rejectId("T01-4", "E1", "拒收");
            store.storeAll(List.of(typed("T01-1", "T01", "fleet.diagnostics"), typed("T01-2", "T01", "fleet.status"),
                    typed("T02-1", "T02", "fleet.diagnostics"), typed("T01-3", "T01", "fleet.diagnostics"),
                    typed("T01-4", "T01", "fleet.diagnostics")), "a", 7);
            assertEquals(List.of("T01-3", "T01-1"),
                    store.newestAccepted("T01", "fleet.diagnostics", 10).stream().map(StoredClaim::id).toList(), "rejected T01-4 left out");
            assertEquals(List.of("T01-3"), store.newestAccepted("T01", "fleet.diagnostics", 1).stream().map(StoredClaim::id).toList());
            assertEquals(List.of(), store.newestAccepted("T03", "fleet.diagnostics", 10));
        }
    }

    private static ClaimStore.Received typed(String id, String device, String type) {
        return new ClaimStore.Received(new Envelope(1, id, device, type, "FLEET", "CONTROL", null, 42, 1, "{}".getBytes(UTF_8)),
                "370100", "P1", device, null, null);
    }

    private static ClaimStore.Received claim(String id, String payload) {
        return new ClaimStore.Received(envelope(id, payload), "370100", "P1", "T01", null, null);
    }

    private static Envelope envelope(String id, String payload) {
        return new Envelope(1, id, "T01", "claim.settle", "FUND", "MESSAGES", "S1", 42, 1, payload.getBytes(UTF_8));
    }

    private static Ack ack(String id, Ack.Status status, String code, String reason, String centre, long at) {
        return new Ack(1, id, status, code, reason, centre, at);
    }
}
