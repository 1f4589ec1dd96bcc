package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.LI_CERTNO;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.LI_PSN;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_CERTNO;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_PSN;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.byId;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.line;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.purchase;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.reversal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yibao.terminal.e2e.KillStream.Sent;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.centre.StoredClaim;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.centre.CentreClaim;
import org.yibao.terminal.centre.ClaimReader;
import org.yibao.terminal.centre.ReferenceCentreService;
import org.yibao.terminal.cli.CliProcess;

/**
 * {@code terminal run} as a child JVM (real Mosquitto, the reference centre in this JVM): a
 * batch of 2102s is settled, then four POS threads reverse them (2103) and the terminal is
 * killed with SIGKILL in the middle of the reversals (the last four are handed out only after the
 * kill: each POS thread loses an answer on any disk) and started again. The POS sends every
 * 2103 whose answer it never saw again, byte for byte under the same msgid, and reverses the
 * rest. In the end every settlement is reversed exactly once: one reversal claim each, queued
 * after its settlement's and received by the centre after it, a kept reversal receipt that
 * prints again, every replay answered byte for byte, a further 2103 refused 1361, and the
 * persons' balance and year-to-date figures back where they started.
 */
class KillDuringReversalsTest {
    private static final int SETTLEMENTS = 16;
    private static final int POS_THREADS = 4;
    private static final int ANSWERED_BEFORE_KILL = 4;

    @Test
    void everySettlementEndsReversedExactlyOnceAfterAKillInTheMiddleOfTheReversals(@TempDir Path dir) throws Exception {
        try (RunServiceSetup setup = RunServiceSetup.start(dir)) {
            ReferenceCentreService centre = setup.centre();
            Path config = setup.config();
            HttpPos pos = setup.pos();
            Map<String, String> psnOf = new HashMap<>();
            Map<String, JsonNode> figuresBefore = new HashMap<>();
            List<String> settled = new ArrayList<>();
            Map<String, Sent> sent = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> toReverse = new ConcurrentLinkedQueue<>();

            CliProcess first = KillDuringSettlementsTest.startTerminal(config);
            String signNo;
            try {
                signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD);
                for (String certno : List.of(ZHANG_CERTNO, LI_CERTNO)) figuresBefore.put(certno, figures(identify(pos, signNo, certno)));
                for (int i = 0; i < SETTLEMENTS; i++) {
                    boolean zhang = i % 2 == 0;
                    ObjectNode input = zhang
                            ? purchase(ZHANG_PSN, "310", "02", "0", line("1", "P0001", "25.50", "1", "25.50"))
                            : purchase(LI_PSN, "390", "02", "0", line("1", "P0002", "50.00", "1", "50.00"));
                    String answer = pos.post(pos.envelope("2102", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1", input));
                    E2eTerminal.ok(HttpPos.parse(answer));
                    psnOf.put(answer, zhang ? ZHANG_PSN : LI_PSN);
                    settled.add(answer);
                }
                toReverse.addAll(settled);
                reverseUntilKilled(pos, signNo, psnOf, toReverse, sent, first);
            } finally {
                first.kill();
            }
            List<String> unknown = sent.entrySet().stream().filter(e -> e.getValue().answer().isEmpty()).map(Map.Entry::getKey).toList();
            assertTrue(unknown.size() >= POS_THREADS, "every POS thread lost at least its last answer: " + unknown);

            CliProcess second = KillDuringSettlementsTest.startTerminal(config);
            try {
                System.out.printf("kill -9 during 2103s: %d answered, %d unanswered, %d of them committed before the kill%n",
                        sent.size() - unknown.size(), unknown.size(), reversedByMsgid(dir.resolve("data"), unknown));
                for (String msgid : unknown) {
                    String answer = pos.post(sent.get(msgid).body());
                    E2eTerminal.ok(HttpPos.parse(answer));
                    sent.put(msgid, sent.get(msgid).answered(answer));
                }
                for (String settlement = toReverse.poll(); settlement != null; settlement = toReverse.poll()) {
                    String msgid = pos.nextMsgid();
                    byte[] body = HttpPos.bytes(pos.envelope("2103", msgid, E2eTerminal.CASHIER, signNo, "1",
                            reversal(settlement, psnOf.get(settlement))));
                    String answer = pos.post(body);
                    E2eTerminal.ok(HttpPos.parse(answer));
                    sent.put(msgid, new Sent(body, Optional.of(answer)));
                }
                for (Sent s : sent.values()) {
                    assertEquals(s.answer().orElseThrow(), pos.post(s.body()), "a 2103 replayed after the restart is byte-identical");
                }
                List<String> setlIds = settled.stream().map(PurchasesOverHttpTest::setlId).sorted().toList();
                assertEquals(setlIds, sent.values().stream().map(s -> HttpPos.parse(s.answer().orElseThrow())
                        .at("/output/setlinfo/setl_id").asText()).sorted().toList(), "one answered 2103 per settlement");
                JsonNode again = HttpPos.parse(pos.post(pos.envelope("2103", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1",
                        reversal(settled.getFirst(), psnOf.get(settled.getFirst())))));
                assertEquals("1361", again.path("term_errcode").asText(), again.toString());

                assertReversedOnceAndQueuedAfter(dir.resolve("data"), setlIds);
                for (String setlId : setlIds) {
                    ObjectNode reprint = HttpPos.JSON.createObjectNode();
                    reprint.putObject("data").put("setl_id", setlId).put("kind", "reversal");
                    E2eTerminal.ok(HttpPos.parse(pos.post(pos.envelope("term_receipt_reprint", pos.nextMsgid(),
                            E2eTerminal.CASHIER, signNo, "1", reprint))));
                }
                Eventually.await(Duration.ofSeconds(60), () -> accepted(centre, CentreClaim.Kind.REVERSAL).size() >= SETTLEMENTS,
                        () -> "the centre did not receive every reversal");
                assertCentreHasEachReversalOnceAfterItsSettlement(centre, setlIds);
                for (String certno : List.of(ZHANG_CERTNO, LI_CERTNO)) {
                    assertEquals(figuresBefore.get(certno), figures(identify(pos, signNo, certno)),
                            certno + ": balance and year-to-date figures are back where they started");
                }
            } finally {
                second.terminate();
            }
        }
    }

    private static void reverseUntilKilled(HttpPos pos, String signNo, Map<String, String> psnOf,
                                           ConcurrentLinkedQueue<String> toReverse, Map<String, Sent> sent, CliProcess terminal)
            throws Exception {
        HeldBack heldBack = new HeldBack(toReverse.size(), POS_THREADS);
        KillStream.untilKilled(pos, POS_THREADS, (thread, msgid) -> Optional.ofNullable(heldBack.awaitTurn() ? toReverse.poll() : null)
                .map(settlement -> HttpPos.bytes(pos.envelope("2103", msgid, E2eTerminal.CASHIER, signNo, "1",
                        reversal(settlement, psnOf.get(settlement))))),
                sent, ANSWERED_BEFORE_KILL, 20, terminal, "reversals", heldBack);
    }

    private static JsonNode identify(HttpPos pos, String signNo, String certno) throws Exception {
        JsonNode answer = HttpPos.parse(pos.post(pos.envelope("1101", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1", byId(certno))));
        E2eTerminal.ok(answer);
        return answer;
    }

    /** The figures a settlement moves: the account balances and the year-to-date accumulators. */
    private static JsonNode figures(JsonNode identified) {
        ObjectNode out = HttpPos.JSON.createObjectNode();
        var balances = out.putArray("balc");
        identified.at("/output/insuinfo").forEach(i -> balances.add(i.path("insutype").asText() + "=" + i.path("balc").asText()));
        out.set("accu", identified.at("/output/term_accuinfo"));
        return out;
    }

    private static void assertReversedOnceAndQueuedAfter(Path dataDir, List<String> setlIds) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + dataDir.resolve("terminal.db") + "?mode=ro");
             Statement s = c.createStatement()) {
            List<String> reversed = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT setl_id FROM settlement WHERE state = 'REVERSED'"
                    + " AND reversal_claim_id IS NOT NULL AND reversal_msgid IS NOT NULL ORDER BY setl_id")) {
                while (r.next()) reversed.add(r.getString(1));
            }
            assertEquals(setlIds, reversed, "every settlement is marked reversed, with its reversal's msgid and claim");
            try (ResultSet r = s.executeQuery("SELECT st.setl_id, (SELECT count(*) FROM outbox_message m WHERE m.order_key = st.setl_id),"
                    + " (SELECT seq FROM outbox_message m WHERE m.id = st.claim_id),"
                    + " (SELECT seq FROM outbox_message m WHERE m.id = st.reversal_claim_id) FROM settlement st")) {
                while (r.next()) {
                    assertEquals(2, r.getInt(2), r.getString(1) + ": its settlement claim and one reversal claim, nothing more");
                    assertTrue(r.getLong(4) > r.getLong(3), r.getString(1) + ": the reversal claim is queued after the settlement's");
                }
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM receipt_kept WHERE kind = 'REVERSAL'")) {
                r.next();
                assertEquals(setlIds.size(), r.getInt(1), "one kept reversal receipt per settlement");
            }
        }
    }

    private static void assertCentreHasEachReversalOnceAfterItsSettlement(ReferenceCentreService centre, List<String> setlIds)
            throws Exception {
        Map<String, List<StoredClaim>> bySetlId = new HashMap<>();
        for (StoredClaim claim : centre.store().all()) {
            ClaimReader.read(claim.type(), claim.payload()).ifPresent(c -> bySetlId.computeIfAbsent(c.setlId(), k -> new ArrayList<>()).add(claim));
        }
        assertEquals(setlIds, bySetlId.keySet().stream().sorted().toList());
        for (var e : bySetlId.entrySet()) {
            List<StoredClaim> claims = e.getValue();
            assertEquals(2, claims.size(), e.getKey() + ": one settlement and one reversal at the centre");
            StoredClaim settlement = claims.stream().filter(c -> kind(c) == CentreClaim.Kind.SETTLEMENT).findFirst().orElseThrow();
            StoredClaim reversal = claims.stream().filter(c -> kind(c) == CentreClaim.Kind.REVERSAL).findFirst().orElseThrow();
            assertEquals("ACCEPTED", reversal.status(), e.getKey() + ": " + reversal.reason());
            assertTrue(reversal.arrival() > settlement.arrival(), e.getKey() + ": the reversal reached the centre after its settlement");
        }
    }

    private static CentreClaim.Kind kind(StoredClaim claim) {
        return ClaimReader.read(claim.type(), claim.payload()).orElseThrow().kind();
    }

    private static List<String> accepted(ReferenceCentreService centre, CentreClaim.Kind kind) throws Exception {
        return centre.store().all().stream().filter(c -> "ACCEPTED".equals(c.status()))
                .map(c -> ClaimReader.read(c.type(), c.payload())).flatMap(Optional::stream)
                .filter(c -> c.kind() == kind).map(CentreClaim::setlId).toList();
    }

    private static long reversedByMsgid(Path dataDir, List<String> msgids) throws Exception {
        long n = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + dataDir.resolve("terminal.db") + "?mode=ro");
             var select = c.prepareStatement("SELECT count(*) FROM settlement WHERE reversal_msgid = ?")) {
            for (String msgid : msgids) {
                select.setString(1, msgid);
                try (ResultSet r = select.executeQuery()) {
                    r.next();
                    n += r.getLong(1);
                }
            }
        }
        return n;
    }
}
