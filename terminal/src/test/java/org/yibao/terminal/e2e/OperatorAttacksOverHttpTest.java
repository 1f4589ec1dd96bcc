package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.e2e.E2eTerminal.ok;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.WANG_PSN;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_CERTNO;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_PSN;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.byId;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.line;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.purchase;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.waiting;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.whileScanning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.identity.card.SimulatedSocialSecurityCard;
import org.yibao.terminal.operator.Credentials;
import org.yibao.terminal.operator.NewOperator;
import org.yibao.terminal.operator.OperatorOutcome;
import org.yibao.terminal.operator.Role;

/**
 * Operators, sign-in and the kiosk attacked over HTTP against a running terminal: wrong
 * passwords sent all at once to outrun the lock, the database read for what a 9001 left behind,
 * a 9001 sent again under its msgid, and a kiosk settling on no credential, a made-up one or
 * another person's.
 */
class OperatorAttacksOverHttpTest {
    @TempDir static Path dir;
    private static E2eTerminal t;

    @BeforeAll static void start() throws Exception {
        t = new E2eTerminal(dir);
    }

    @AfterAll static void stop() {
        if (t != null) t.close();
    }

    private static String code(JsonNode answer) {
        return answer.path("term_errcode").asText();
    }

    private static ObjectNode signInInput(String opter, String password) {
        ObjectNode input = HttpPos.JSON.createObjectNode();
        input.putObject("signIn").put("opter_no", opter).put("mac", "").put("ip", "127.0.0.1").put("term_password", password);
        return input;
    }

    private static void addCashier(String opterNo) throws Exception {
        OperatorOutcome<?> added = t.app.api().operators().add(new Credentials(E2eTerminal.ADMIN, E2eTerminal.PASSWORD.toCharArray()),
                new NewOperator(opterNo, "收款员乙", Role.CASHIER, false), E2eTerminal.PASSWORD.toCharArray());
        assertTrue(added instanceof OperatorOutcome.Done<?>, added.toString());
    }

    /**
     * Sixteen wrong passwords at once: the API's four threads all passed the lock check while
     * the first derivations ran, so seven were tried before the lock (and the count went on
     * after it). Now exactly four are answered 1601 and the rest 1602; the lock holds against
     * the right password too.
     */
    @Test void wrongPasswordsSentAtOnceAreNotTriedBeyondTheLockoutLimit() throws Exception {
        addCashier("C900");
        List<Future<JsonNode>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 16; i++) {
                ObjectNode envelope = t.pos.envelope("9001", t.pos.nextMsgid(), "C900", "", "1", signInInput("C900", "wrong-guess-" + i));
                answers.add(pool.submit(() -> HttpPos.parse(t.pos.post(envelope))));
            }
        }
        Map<String, Integer> codes = new TreeMap<>();
        for (Future<JsonNode> answer : answers) codes.merge(code(answer.get()), 1, Integer::sum);
        assertEquals(Map.of("1601", 4, "1602", 12), codes, "passwords tried before the lock: " + codes);
        JsonNode right = HttpPos.parse(t.pos.post(t.pos.envelope("9001", t.pos.nextMsgid(), "C900", "", "1",
                signInInput("C900", E2eTerminal.PASSWORD))));
        assertEquals("1602", code(right), right.toString());
    }

    /**
     * A 9001's answer was recorded under its msgid: the sign_no in clear in terminal.db (whose
     * session table keeps only its hash), and as the request's fingerprint an unsalted SHA-256
     * over the password and fields a POS sends the same every time - a copy of the database
     * checked password guesses at SHA-256 speed instead of 310,000 PBKDF2 rounds. Now nothing of
     * a 9001 is kept but the session's hash: its msgid sent again signs in again (a new sign_no,
     * the password checked again), and with a wrong password it is refused 1601.
     */
    @Test void aSignInLeavesNeitherItsSignNoNorAPasswordFingerprintInTheDatabase() throws Exception {
        addCashier("C901");
        String msgid = t.pos.nextMsgid();
        ObjectNode signIn = t.pos.envelope("9001", msgid, "C901", "", "1", signInInput("C901", E2eTerminal.PASSWORD));
        JsonNode first = HttpPos.parse(t.pos.post(signIn));
        ok(first);
        String signNo = first.at("/output/signinoutb/sign_no").asText();
        assertEquals(32, signNo.length());

        assertEquals(0, t.terminalScalar("SELECT count(*) FROM idempotent_reply WHERE infno = '9001'"));
        for (String file : List.of("terminal.db", "terminal.db-wal")) {
            Path path = dir.resolve("terminal").resolve(file);
            if (!Files.exists(path)) continue;
            String bytes = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
            assertFalse(bytes.contains(signNo), "the sign_no in clear in " + file);
        }

        JsonNode again = HttpPos.parse(t.pos.post(signIn));
        ok(again);
        String secondSignNo = again.at("/output/signinoutb/sign_no").asText();
        assertNotEquals(signNo, secondSignNo, "a new session, not a stored answer");
        ObjectNode query = byId(ZHANG_CERTNO);
        ok(HttpPos.parse(t.pos.post(t.pos.envelope("1101", t.pos.nextMsgid(), "C901", signNo, "1", query))));
        ok(HttpPos.parse(t.pos.post(t.pos.envelope("1101", t.pos.nextMsgid(), "C901", secondSignNo, "1", query))));

        ObjectNode guessed = t.pos.envelope("9001", msgid, "C901", "", "1", signInInput("C901", "not-the-password-1"));
        assertEquals("1601", code(HttpPos.parse(t.pos.post(guessed))), "the msgid of a sign-in replays nothing");
    }

    private static ObjectNode kiosk(String infno, ObjectNode input) throws Exception {
        return t.pos.envelope(infno, t.pos.nextMsgid(), E2eTerminal.CASHIER, t.cashier(), "2", input);
    }

    private static ObjectNode withCertNo(ObjectNode purchase, String mdtrtCertNo) {
        ((ObjectNode) purchase.get("druginfo")).put("mdtrt_cert_no", mdtrtCertNo);
        return purchase;
    }

    /**
     * A kiosk settles on the card or voucher it identified the person by. It settled on a psn_no
     * the cashier's counter had identified (by ID number) with mdtrt_cert_type 01 or 03 and no
     * number, or a made-up ecToken: the pooled fund paid for whoever the kiosk host named. Now an
     * empty number is 1373, an ecToken or card number this terminal did not identify that person
     * by is 1309; the person's own card and voucher settle, up to the kiosk limit inclusive.
     */
    @Test void aKioskSettlesOnlyOnTheCredentialItIdentifiedThePersonBy() throws Exception {
        long before = t.terminalScalar("SELECT count(*) FROM settlement");
        ok(t.call("1101", byId(ZHANG_CERTNO)));
        ObjectNode small = purchase(ZHANG_PSN, "310", "01", "0", line("1", "P0002", "50.00", "1", "50.00"));
        assertEquals("1373", code(HttpPos.parse(t.pos.post(kiosk("2102", small)))), "01 without the ecToken");
        ObjectNode noCard = purchase(ZHANG_PSN, "310", "03", "0", line("1", "P0002", "50.00", "1", "50.00"));
        assertEquals("1373", code(HttpPos.parse(t.pos.post(kiosk("2101", noCard)))), "03 without the card number");
        ObjectNode madeUp = withCertNo(purchase(ZHANG_PSN, "310", "01", "0", line("1", "P0002", "50.00", "1", "50.00")),
                "made-up-ec-token");
        assertEquals("1309", code(HttpPos.parse(t.pos.post(kiosk("2102", madeUp)))), "an ecToken never identified here");

        String qr = t.platform.issue(WANG_PSN, "王老五", "371502195001013456", "371502", "310", "12", t.clock.instant());
        JsonNode byQr = whileScanning(t, qr, () -> HttpPos.parse(t.pos.post(kiosk("1101", waiting("01")))));
        ok(byQr);
        String ecToken = byQr.at("/output/term_certinfo/mdtrt_cert_no").asText();
        assertFalse(ecToken.isEmpty());
        ObjectNode othersVoucher = withCertNo(purchase(ZHANG_PSN, "310", "01", "0", line("1", "P0002", "50.00", "1", "50.00")),
                ecToken);
        assertEquals("1309", code(HttpPos.parse(t.pos.post(kiosk("2102", othersVoucher)))), "王老五's voucher for 张三丰");
        ok(HttpPos.parse(t.pos.post(kiosk("2102", withCertNo(purchase(WANG_PSN, "310", "01", "0",
                line("1", "P0002", "50.00", "1", "50.00")), ecToken)))));

        t.reader.insertCard(SimulatedSocialSecurityCard.of("D37150201", ZHANG_CERTNO, "张三丰", "1", "371502",
                LocalDate.of(1990, 1, 1)));
        try {
            JsonNode byCard = HttpPos.parse(t.pos.post(kiosk("1101", waiting(""))));
            ok(byCard);
            String cardNo = byCard.at("/output/term_certinfo/mdtrt_cert_no").asText();
            assertEquals("1371", code(HttpPos.parse(t.pos.post(kiosk("2102", withCertNo(purchase(ZHANG_PSN, "310", "03", "0",
                    line("1", "P0002", "500.01", "1", "500.01")), cardNo))))), "one fen over the kiosk limit");
            ok(HttpPos.parse(t.pos.post(kiosk("2102", withCertNo(purchase(ZHANG_PSN, "310", "03", "0",
                    line("1", "P0002", "500.00", "10", "50.00")), cardNo)))));
        } finally {
            t.reader.removeCard();
        }
        assertEquals(before + 2, t.terminalScalar("SELECT count(*) FROM settlement"), "only the two on their own credential");
    }
}
