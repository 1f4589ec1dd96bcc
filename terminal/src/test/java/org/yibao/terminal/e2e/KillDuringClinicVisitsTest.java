package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_CERTNO;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_PSN;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.byId;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.centre.CentreClaim;
import org.yibao.terminal.centre.ClaimReader;
import org.yibao.terminal.centre.ReferenceCentreService;
import org.yibao.terminal.cli.CliProcess;

/**
 * {@code terminal run} as a child JVM (real Mosquitto, the reference centre in this JVM): clinic
 * visits are registered (2201) with a first fee line (2204); then four POS threads each upload a
 * second fee line (2204) and settle the visit (2207), and the terminal is killed with SIGKILL in
 * the middle and started again (the last four visits are handed out only after the kill, so each
 * POS thread loses an answer on any disk). The POS sends each request whose answer it never saw again,
 * byte for byte under the same msgid, in its visit's order, and finishes the other visits. In
 * the end every visit holds exactly its two fee lines and one settlement of both, every replay is
 * answered byte for byte, a further 2204 or 2207 on a settled visit is refused 1368, and the
 * centre accepted exactly those settlements, each once.
 */
class KillDuringClinicVisitsTest {
    private static final int VISITS = 12;
    private static final int POS_THREADS = 4;
    private static final int ANSWERED_BEFORE_KILL = 4;
    private static final String CODE = "XA02BCA211E001010104321";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One request as the POS keeps it: its visit, the bytes sent and the answer seen, if any. */
    private record Sent(String mdtrtId, String infno, byte[] body, Optional<String> answer) {
        Sent answered(String a) {
            return new Sent(mdtrtId, infno, body, Optional.of(a));
        }
    }

    @Test
    void everyVisitEndsWithItsTwoFeeLinesAndOneSettlementAfterAKill(@TempDir Path dir) throws Exception {
        try (RunServiceSetup setup = RunServiceSetup.start(dir)) {
            ReferenceCentreService centre = setup.centre();
            Path config = setup.config();
            HttpPos pos = setup.pos();
            Map<String, Sent> sent = new ConcurrentHashMap<>();
            List<String> visits = new ArrayList<>();
            ConcurrentLinkedQueue<String> toFinish = new ConcurrentLinkedQueue<>();

            CliProcess first = KillDuringSettlementsTest.startTerminal(config);
            String signNo;
            try {
                signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD);
                E2eTerminal.ok(HttpPos.parse(pos.post(pos.envelope("1101", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1",
                        byId(ZHANG_CERTNO)))));
                for (int i = 0; i < VISITS; i++) {
                    ObjectNode register = HttpPos.JSON.createObjectNode();
                    register.putObject("data").put("psn_no", ZHANG_PSN).put("insutype", "310").put("ipt_otp_no", "OP-" + i)
                            .put("mdtrt_cert_type", "02").put("mdtrt_cert_no", ZHANG_CERTNO)
                            .put("begntime", LocalDateTime.now().format(TIME));
                    JsonNode registered = HttpPos.parse(pos.post(pos.envelope("2201", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1", register)));
                    E2eTerminal.ok(registered);
                    String mdtrtId = registered.at("/output/data/mdtrt_id").asText();
                    E2eTerminal.ok(HttpPos.parse(pos.post(pos.envelope("2204", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1",
                            fee(mdtrtId, "1", "20.00")))));
                    visits.add(mdtrtId);
                }
                toFinish.addAll(visits);
                finishUntilKilled(pos, signNo, toFinish, sent, first);
            } finally {
                first.kill();
            }
            List<Sent> unknown = sent.values().stream().filter(s -> s.answer().isEmpty()).toList();
            assertTrue(unknown.size() >= POS_THREADS, "every POS thread lost at least its last answer");

            CliProcess second = KillDuringSettlementsTest.startTerminal(config);
            try {
                for (Map.Entry<String, Sent> e : ordered(sent)) {
                    if (e.getValue().answer().isPresent()) continue;
                    String answer = pos.post(e.getValue().body());
                    E2eTerminal.ok(HttpPos.parse(answer));
                    sent.put(e.getKey(), e.getValue().answered(answer));
                }
                for (String mdtrtId : visitsWithoutSettlement(sent, visits)) {
                    if (sent.values().stream().noneMatch(s -> s.mdtrtId().equals(mdtrtId) && s.infno().equals("2204"))) {
                        send(pos, signNo, sent, mdtrtId, "2204", fee(mdtrtId, "2", "30.00"));
                    }
                    send(pos, signNo, sent, mdtrtId, "2207", settle(mdtrtId));
                }
                for (Sent s : sent.values()) {
                    assertEquals(s.answer().orElseThrow(), pos.post(s.body()), s.infno() + " replayed after the restart is byte-identical");
                }
                assertEachVisitHasTwoLinesAndOneSettlement(dir.resolve("data"), visits);
                String settledVisit = visits.getFirst();
                assertEquals("1368", HttpPos.parse(pos.post(pos.envelope("2204", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1",
                        fee(settledVisit, "3", "5.00")))).path("term_errcode").asText(), "no fee on a settled visit");
                assertEquals("1368", HttpPos.parse(pos.post(pos.envelope("2207", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1",
                        settle(settledVisit)))).path("term_errcode").asText(), "a visit settles once");
                List<String> settled = sent.values().stream().filter(s -> s.infno().equals("2207"))
                        .map(s -> HttpPos.parse(s.answer().orElseThrow()).at("/output/setlinfo/setl_id").asText()).sorted().toList();
                assertEquals(VISITS, settled.size());
                Eventually.await(Duration.ofSeconds(60), () -> acceptedSettlements(centre).size() >= VISITS,
                        () -> "the centre did not receive every settlement");
                assertEquals(settled, acceptedSettlements(centre), "the centre holds exactly the answered settlements, each once");
            } finally {
                second.terminate();
            }
        }
    }

    /** Each POS thread takes a visit, uploads its second fee line and settles it, until the terminal dies. */
    private static void finishUntilKilled(HttpPos pos, String signNo, ConcurrentLinkedQueue<String> toFinish,
                                          Map<String, Sent> sent, CliProcess terminal) throws Exception {
        AtomicInteger answered = new AtomicInteger();
        HeldBack heldBack = new HeldBack(toFinish.size(), POS_THREADS);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < POS_THREADS; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (String mdtrtId = next(heldBack, toFinish); mdtrtId != null; mdtrtId = next(heldBack, toFinish)) {
                        send(pos, signNo, sent, mdtrtId, "2204", fee(mdtrtId, "2", "30.00"));
                        answered.incrementAndGet();
                        send(pos, signNo, sent, mdtrtId, "2207", settle(mdtrtId));
                        answered.incrementAndGet();
                    }
                } catch (IOException lost) {
                    // the terminal died under this request
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        try {
            Eventually.await(Duration.ofSeconds(120), () -> answered.get() >= ANSWERED_BEFORE_KILL,
                    () -> "only " + answered.get() + " requests answered before the kill");
            Thread.sleep(ThreadLocalRandom.current().nextInt(30));
            terminal.kill();
        } finally {
            heldBack.killed();
        }
        for (Thread t : threads) t.join(Duration.ofSeconds(90));
    }

    /** The next visit to finish, a held-back one only after the kill; null when none is left. */
    private static String next(HeldBack heldBack, ConcurrentLinkedQueue<String> toFinish) {
        return heldBack.awaitTurn() ? toFinish.poll() : null;
    }

    private static void send(HttpPos pos, String signNo, Map<String, Sent> sent, String mdtrtId, String infno, ObjectNode input)
            throws IOException, InterruptedException {
        String msgid = pos.nextMsgid();
        byte[] body = HttpPos.bytes(pos.envelope(infno, msgid, E2eTerminal.CASHIER, signNo, "1", input));
        sent.put(msgid, new Sent(mdtrtId, infno, body, Optional.empty()));
        String answer = pos.post(body);
        if (HttpPos.parse(answer).path("infcode").asInt(-1) != 0) throw new AssertionError(infno + " refused: " + answer);
        sent.put(msgid, new Sent(mdtrtId, infno, body, Optional.of(answer)));
    }

    /** The requests in the order they were made (msgids grow), so a visit's 2204 is resent before its 2207. */
    private static List<Map.Entry<String, Sent>> ordered(Map<String, Sent> sent) {
        return sent.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
    }

    private static List<String> visitsWithoutSettlement(Map<String, Sent> sent, List<String> visits) {
        return visits.stream().filter(v -> sent.values().stream().noneMatch(s -> s.mdtrtId().equals(v) && s.infno().equals("2207")))
                .toList();
    }

    private static ObjectNode fee(String mdtrtId, String sn, String amount) {
        ObjectNode input = HttpPos.JSON.createObjectNode();
        input.putArray("feedetail").addObject().put("feedetl_sn", sn).put("mdtrt_id", mdtrtId).put("psn_no", ZHANG_PSN)
                .put("med_type", "11").put("med_list_codg", CODE).put("det_item_fee_sumamt", amount).put("cnt", "1").put("pric", amount)
                .put("fee_ocur_time", LocalDateTime.now().format(TIME));
        return input;
    }

    private static ObjectNode settle(String mdtrtId) {
        ObjectNode input = HttpPos.JSON.createObjectNode();
        input.putObject("data").put("psn_no", ZHANG_PSN).put("mdtrt_id", mdtrtId).put("med_type", "11").put("dise_codg", "")
                .put("insutype", "310").put("acct_used_flag", "0").put("medfee_sumamt", "50.00").put("mdtrt_cert_type", "02")
                .put("mdtrt_cert_no", ZHANG_CERTNO);
        return input;
    }

    private static void assertEachVisitHasTwoLinesAndOneSettlement(Path dataDir, List<String> visits) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + dataDir.resolve("terminal.db") + "?mode=ro");
             Statement s = c.createStatement()) {
            for (String mdtrtId : visits) {
                try (ResultSet r = s.executeQuery("SELECT json_array_length(fees_json),"
                        + " (SELECT count(*) FROM settlement WHERE mdtrt_id = '" + mdtrtId + "'),"
                        + " (SELECT medfee_sumamt FROM settlement WHERE mdtrt_id = '" + mdtrtId + "')"
                        + " FROM clinic_visit WHERE mdtrt_id = '" + mdtrtId + "'")) {
                    assertTrue(r.next(), mdtrtId + " is registered");
                    assertEquals(2, r.getInt(1), mdtrtId + ": its two fee lines, none twice, none lost");
                    assertEquals(1, r.getInt(2), mdtrtId + ": settled once");
                    assertEquals(5_000, r.getLong(3), mdtrtId + ": the settlement is of both lines");
                }
            }
        }
    }

    private static List<String> acceptedSettlements(ReferenceCentreService centre) throws Exception {
        return centre.store().all().stream().filter(c -> "ACCEPTED".equals(c.status()))
                .map(c -> ClaimReader.read(c.type(), c.payload())).flatMap(Optional::stream)
                .filter(c -> c.kind() == CentreClaim.Kind.SETTLEMENT).map(CentreClaim::setlId).sorted().toList();
    }
}
