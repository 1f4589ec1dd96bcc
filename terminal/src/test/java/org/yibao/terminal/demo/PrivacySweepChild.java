package org.yibao.terminal.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.identity.card.SimulatedSocialSecurityCard;

/**
 * The child process of {@link PersonalDataProcessTest}: the demo system in a data folder it keeps
 * ({@code args[0]}), the narrated demo scenario, then a counter session with a stream of
 * purchases by card, voucher and ID number and bad inputs (forged and foreign QRs, malformed JSON
 * bodies quoting a certno and a name, an unknown person by ID number and by card, a host-sent
 * card number and ecToken), and the decoded receipts of that session. The ecTokens the session
 * used are written to {@code args[1]} for the test to look for. Exit 0 when the scenario
 * succeeded and every step of the session answered as expected.
 */
public final class PrivacySweepChild {
    /** A fictitious person the centre does not know, with a 社保卡 of their own. */
    static final String UNKNOWN_CERTNO = "371502198808088885";
    static final String UNKNOWN_NAME = "赵六顺";
    static final String UNKNOWN_CARD_NO = "D37150299";

    private final DemoSystem system;
    private final PrintStream out;
    private final PosClient pos;
    private final DemoCustomer customer;
    private final List<String> ecTokens = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private PrivacySweepChild(DemoSystem system, PrintStream out) {
        this.system = system;
        this.out = out;
        this.pos = new PosClient(system.app().callServiceUri(), DemoSystem.FIXMEDINS_CODE, DemoSystem.FIXMEDINS_NAME,
                DemoSystem.ADMDVS, DemoSystem.OPERATOR);
        this.customer = new DemoCustomer(system.devices());
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        boolean ok;
        List<String> tokens;
        try (DemoSystem system = DemoSystem.start(Optional.of(Path.of(args[0])), 0, Optional.empty(), BeijingTime.clock())) {
            boolean scenario = new DemoScenario(system, out).run();
            int printed = system.printer().printed().size();
            PrivacySweepChild counter = new PrivacySweepChild(system, out);
            counter.session();
            counter.printReceiptsFrom(printed);
            tokens = counter.ecTokens;
            if (!counter.failures.isEmpty()) out.println("counter session failures: " + counter.failures);
            ok = scenario && counter.failures.isEmpty();
        }
        Files.write(Path.of(args[1]), tokens, StandardCharsets.UTF_8);
        out.flush();
        System.exit(ok ? 0 : 1);
    }

    private void session() throws Exception {
        try (pos) {
            expect("9001", pos.signIn(DemoSystem.PASSWORD), 0);
            purchases();
            badInputs();
        }
    }

    /** A purchase by each credential: 张三丰's card, 王老五's voucher, 李四's ID number, and 张三丰's card number sent by the POS. */
    private void purchases() throws Exception {
        customer.insertCard(DemoCards.ZHANG_SANFENG);
        JsonNode zhang = expect("1101 card", pos.call("1101", waiting("03")), 0).path("output");
        expect("2102 card", pos.call("2102", purchase(zhang, "1", "P0002", "50.00")), 0);
        customer.takeCardOut();
        String qr = customer.wangLaowuVoucher(Instant.now());
        JsonNode wang = expect("1101 voucher", customer.showing(qr, () -> pos.call("1101", waiting("01"))), 0).path("output");
        ecTokens.add(wang.at("/term_certinfo/mdtrt_cert_no").asText());
        expect("2102 voucher", pos.call("2102", purchase(wang, "1", "P0001", "25.50")), 0);
        JsonNode li = expect("1101 id", pos.call("1101", byNumber("02", "371502195505052345", "")), 0).path("output");
        expect("2102 id", pos.call("2102", purchase(li, "0", "P0004", "20.00")), 0);
        JsonNode card = expect("1101 card number", pos.call("1101",
                byNumber("03", DemoCards.ZHANG_SANFENG.cardNo(), DemoCards.ZHANG_SANFENG.certno())), 0).path("output");
        expect("2101 card number", pos.call("2101", purchase(card, "1", "P0001", "25.50")), 0);
    }

    /** Inputs a counter sees on a bad day; each is refused, and none may put a person's data in a log. */
    private void badInputs() throws Exception {
        badQrs();
        unknownPeople();
        malformedBodies();
        JsonNode li = pos.call("1101", byNumber("02", "371502195505052345", "")).path("output");
        ObjectNode mismatch = purchase(li, "0", "P0004", "20.00");
        ((ObjectNode) mismatch.path("druginfo")).put("mdtrt_cert_no", DemoCards.ZHANG_SANFENG.certno());
        refused("2102 with another person's certno", pos.call("2102", mismatch));
    }

    /** A forged signature, a signature over another payload, a certno shown as a QR. */
    private void badQrs() throws Exception {
        String forged = forged(customer.wangLaowuVoucher(Instant.now()));
        refused("1101 forged QR", customer.showing(forged, () -> pos.call("1101", waitingBriefly("01"))));
        String altered = customer.wangLaowuVoucher(Instant.now());
        ecTokens.add(payloadToken(altered));
        refused("1101 QR with another payload", customer.showing(withPayloadOf(altered, customer.wangLaowuVoucher(Instant.now())),
                () -> pos.call("1101", waitingBriefly("01"))));
        refused("1101 a certno as QR", customer.showing(DemoCards.ZHANG_SANFENG.certno(),
                () -> pos.call("1101", waitingBriefly("01"))));
    }

    /** A person the centre does not know, by ID number and by card; an ecToken it never issued a person for; a certno as cert type. */
    private void unknownPeople() throws Exception {
        refused("1101 unknown person", pos.call("1101", byNumber("02", UNKNOWN_CERTNO, "")));
        system.devices().reader().insertCard(SimulatedSocialSecurityCard.of(UNKNOWN_CARD_NO, UNKNOWN_CERTNO, UNKNOWN_NAME, "1",
                DemoSystem.ADMDVS, LocalDate.of(1988, 8, 8)));
        refused("1101 unknown card", pos.call("1101", waiting("03")));
        customer.takeCardOut();
        String unused = customer.wangLaowuVoucher(Instant.now());
        ecTokens.add(payloadToken(unused));
        refused("1101 ecToken sent by the POS", pos.call("1101", byNumber("01", payloadToken(unused), "")));
        refused("1101 a certno as cert type", pos.call("1101", byNumber(DemoCards.ZHANG_SANFENG.certno(),
                DemoCards.ZHANG_SANFENG.certno(), "")));
    }

    /** Bodies that are not JSON, around a certno and a name. */
    private void malformedBodies() throws Exception {
        String certno = DemoCards.ZHANG_SANFENG.certno();
        refused("malformed JSON quoting a certno", raw("{\"infno\":\"1101\",\"input\":{\"data\":{\"mdtrt_cert_type\":\"02\","
                + "\"mdtrt_cert_no\":" + certno + "X,\"psn_name\":\"张三丰\"}}}"));
        refused("malformed JSON quoting a name", raw("{\"infno\":\"1101\",\"input\":{\"data\":{\"psn_name\":张三丰,"
                + "\"certno\":\"" + certno + "\"}}}"));
        refused("malformed JSON quoting a card number", raw("{\"infno\":\"1101\",\"input\":{\"data\":{\"mdtrt_cert_type\":\"03\","
                + "\"mdtrt_cert_no\":" + DemoCards.ZHANG_SANFENG.cardNo() + "}}}"));
        refused("JSON cut short after a certno", raw("{\"infno\":\"1101\",\"input\":{\"data\":{\"certno\":\""
                + certno + "\",\"psn_name\":\"王老五"));
    }

    /** A valid voucher with one character of its signature changed. */
    private static String forged(String qr) {
        int at = qr.length() - 5;
        char c = qr.charAt(at);
        return qr.substring(0, at) + (c == 'A' ? 'B' : 'A') + qr.substring(at + 1);
    }

    /** {@code header} and signature of {@code signed}, with the payload of {@code other}. */
    private static String withPayloadOf(String signed, String other) {
        String[] a = signed.split("\\.");
        String[] b = other.split("\\.");
        return a[0] + "." + a[1] + "." + b[2] + "." + a[3];
    }

    /** The ecToken inside a YBEC1 text (its payload segment, base64url JSON). */
    private String payloadToken(String qr) throws IOException {
        byte[] payload = java.util.Base64.getUrlDecoder().decode(qr.split("\\.")[2]);
        return pos.json().readTree(payload).path("ec_token").asText();
    }

    private JsonNode raw(String body) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(system.app().callServiceUri())
                            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json; charset=utf-8")
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return pos.json().readTree(response.body());
        }
    }

    private ObjectNode waiting(String certType) {
        return waitingFor(certType, 10);
    }

    /** A wait that ends soon when nothing acceptable comes (a refused QR is no reason to stop waiting). */
    private ObjectNode waitingBriefly(String certType) {
        return waitingFor(certType, 2);
    }

    private ObjectNode waitingFor(String certType, int seconds) {
        ObjectNode input = pos.json().createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", certType).put("mdtrt_cert_no", "").put("term_wait_s", seconds);
        return input;
    }

    private ObjectNode byNumber(String certType, String number, String certno) {
        ObjectNode input = pos.json().createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", certType).put("mdtrt_cert_no", number).put("psn_cert_type", "01")
                .put("certno", certno).put("card_sn", certType.equals("03") ? "371500D15600000500BF7C7A48FB4966" : "");
        return input;
    }

    /** 2101/2102 input of one line for the person of a 1101 answer, with the credential it names. */
    private ObjectNode purchase(JsonNode person, String acctUsed, String localCode, String amount) {
        JsonNode base = person.path("baseinfo");
        JsonNode insu = person.path("insuinfo").path(0);
        JsonNode cert = person.path("term_certinfo");
        ObjectNode input = pos.json().createObjectNode();
        input.putObject("druginfo").put("psn_no", base.path("psn_no").asText())
                .put("mdtrt_cert_type", cert.path("mdtrt_cert_type").asText())
                .put("mdtrt_cert_no", cert.path("mdtrt_cert_no").asText()).put("card_sn", cert.path("card_sn").asText())
                .put("psn_cert_type", "01").put("certno", base.path("certno").asText())
                .put("psn_name", base.path("psn_name").asText()).put("psn_type", insu.path("psn_type").asText())
                .put("insutype", insu.path("insutype").asText()).put("med_type", "41").put("medfee_sumamt", amount)
                .put("acct_used_flag", acctUsed);
        input.putArray("drugdetail").addObject().put("feedetl_sn", "1").put("medins_list_codg", localCode)
                .put("det_item_fee_sumamt", amount).put("cnt", "1").put("pric", amount);
        return input;
    }

    private JsonNode expect(String step, JsonNode answer, int infcode) {
        int got = answer.path("infcode").asInt(-99);
        out.println("counter: " + step + " -> infcode " + got + " " + answer.path("term_errcode").asText(""));
        if (got != infcode) failures.add(step + " answered infcode " + got);
        return answer;
    }

    private void refused(String step, JsonNode answer) {
        expect(step, answer, -1);
    }

    private void printReceiptsFrom(int first) throws InterruptedException {
        if (!system.app().flows().awaitReceipts(Duration.ofSeconds(30))) failures.add("receipts still printing after 30 s");
        List<byte[]> printed = system.printer().printed();
        for (byte[] bytes : printed.subList(first, printed.size())) {
            out.println("----------------------------------------");
            out.println(EscPosDecoder.decode(bytes).transcript());
        }
    }
}
