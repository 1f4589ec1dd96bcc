package org.yibao.terminal.centre;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.testing.MosquittoBroker;
import org.yibao.outbox.testing.RawMqtt;
import org.yibao.outbox.uplink.FullJitterBackoff;
import org.yibao.outbox.uplink.Uplink;
import org.yibao.outbox.uplink.UplinkConfig;
import org.yibao.outbox.wire.Envelope;
import org.yibao.outbox.wire.Topics;
import org.yibao.outbox.wire.WireCodec;
import org.yibao.terminal.cli.TerminalCli;
import picocli.CommandLine;

/**
 * The reference centre against a real Mosquitto and a real terminal outbox + uplink on a SQLite
 * file: claims in the flows' JSON form are stored once and acked, a duplicate delivery is
 * counted but not stored again, persons are answered from the persons file over MQTT v5
 * request/response, and reconciliation nets a reversal out of its settlement's group.
 */
class ReferenceCentreServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageClass FUND = new MessageClass("FUND", Lane.MESSAGES, true);
    private static final MessageClass REVERSAL = new MessageClass("REVERSAL", Lane.MESSAGES, false);
    private static final Topics TOPICS = new Topics("371502", "H00000000001", "T01");

    @TempDir Path dir;
    private MosquittoBroker broker;
    private ReferenceCentreService centre;
    private SqliteDatabase terminalDb;
    private Outbox outbox;
    private Uplink uplink;

    @BeforeEach
    void start() throws Exception {
        broker = MosquittoBroker.start(Files.createDirectories(dir.resolve("broker")));
        Path persons = dir.resolve("persons.json");
        try (var in = getClass().getResourceAsStream("/demo/persons.json")) {
            Files.write(persons, in.readAllBytes());
        }
        centre = ReferenceCentreService.start(broker.uri(), dir.resolve("centre.db"), PersonDirectory.load(persons), "t1",
                Clock.systemUTC());
        terminalDb = SqliteDatabase.open(dir.resolve("terminal.db"));
        outbox = Outbox.open(terminalDb, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
        uplink = Uplink.start(outbox, UplinkConfig.of(broker.uri(), TOPICS).withAckTimeout(Duration.ofSeconds(3)),
                Clock.systemUTC(), new FullJitterBackoff(Duration.ofMillis(50), Duration.ofMillis(400), RandomGenerator.getDefault()),
                payload -> { });
        Eventually.await(Duration.ofSeconds(20), uplink::connected, () -> "uplink never connected");
    }

    @AfterEach
    void stop() {
        if (uplink != null) uplink.close();
        if (terminalDb != null) terminalDb.close();
        if (centre != null) centre.close();
        if (broker != null) broker.stop();
    }

    @Test
    void storesOnceAcksCountsAndReconcilesAsThe3201Counts() throws Exception {
        List<String> ids = new ArrayList<>();
        ids.add(append(FUND, "T01-S00000001", claim("settlement", "T01-S00000001", "310", "316.60", "200.00", "100.00", "16.60")));
        ids.add(append(FUND, "T01-S00000002", claim("settlement", "T01-S00000002", "310", "50.00", "30.00", "0.00", "20.00")));
        ids.add(append(FUND, "T01-S00000003", claim("settlement", "T01-S00000003", "390", "12.34", "6.17", "0.00", "6.17")));
        ids.add(append(REVERSAL, "T01-S00000001", claim("reversal", "T01-S00000001", "310", "-316.60", "-200.00", "-100.00", "-16.60")));
        for (String id : ids) {
            Eventually.await(Duration.ofSeconds(20), () -> outbox.find(id).orElseThrow().state() == MessageState.ACKED,
                    () -> id + " not acked");
        }

        // The same claim delivered again (a device resending after a lost ack): counted, not stored twice.
        var first = outbox.find(ids.get(1)).orElseThrow();
        Envelope again = new Envelope(Envelope.VERSION, first.id(), "T01", first.type(), first.messageClass(), "MESSAGES",
                first.orderKey(), first.createdAt().toEpochMilli(), 2, first.payload());
        try (RawMqtt raw = new RawMqtt(broker.uri(), "resender")) {
            raw.publish(TOPICS.lane(Lane.MESSAGES), WireCodec.encode(again));
        }
        Eventually.await(Duration.ofSeconds(20), () -> centre.stats().claimsReceived() == 5, () -> "duplicate not received");

        CentreStats stats = centre.stats();
        assertEquals(new CentreStats(5, 4, 3, 1, 0, 0), stats);

        JsonNode totals = ask(CentreServices.RECONCILE, """
                {"fixmedins_code":"H00000000001","stmt_begndate":"2026-11-23","stmt_enddate":"2026-11-23"}""");
        assertEquals(2, totals.path("totals").size(), totals::toString);
        JsonNode staff = totals.path("totals").get(0);
        assertEquals("310", staff.path("insutype").asText());
        assertEquals("41", staff.path("clr_type").asText());
        assertEquals("50.00", staff.path("medfee_sumamt").asText());
        assertEquals("30.00", staff.path("fund_pay_sumamt").asText());
        assertEquals("0.00", staff.path("acct_pay").asText());
        assertEquals(3, staff.path("fixmedins_setl_cnt").asLong(), "two settlements and a reversal, each an entry as in 3201");
        assertEquals("[\"T01-S00000002\"]", staff.path("setl_ids").toString());
        assertEquals("12.34", totals.path("totals").get(1).path("medfee_sumamt").asText());

        JsonNode withoutReversals = ask(CentreServices.RECONCILE, """
                {"fixmedins_code":"H00000000001","stmt_begndate":"2026-11-01","stmt_enddate":"2026-11-30",
                 "insutype":"310","refd_setl_flag":"0"}""");
        assertEquals(1, withoutReversals.path("totals").size());
        assertEquals("366.60", withoutReversals.path("totals").get(0).path("medfee_sumamt").asText());
        assertEquals(2, withoutReversals.path("totals").get(0).path("fixmedins_setl_cnt").asLong());

        JsonNode otherDay = ask(CentreServices.RECONCILE, """
                {"fixmedins_code":"H00000000001","stmt_begndate":"2026-11-24","stmt_enddate":"2026-11-30"}""");
        assertEquals(0, otherDay.path("totals").size());

        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("center", "stats", "--db", dir.resolve("centre.db").toString()));
        JsonNode printed = JSON.readTree(out.toString());
        assertEquals(5, printed.path("claims_received").asLong());
        assertEquals(4, printed.path("claims_unique").asLong());
        assertEquals(3, printed.path("settlements").asLong());
        assertEquals(1, printed.path("reversals").asLong());
        assertEquals(0, printed.path("rejected").asLong());
    }

    @Test
    void rejectedClaimIsCountedAndLeftOutOfTotals() throws Exception {
        centre.store().rejectId("T01-1", "E_TEST", "测试拒付");
        String id = append(FUND, "T01-S00000009", claim("settlement", "T01-S00000009", "310", "10.00", "5.00", "0", "5.00"));
        assertEquals("T01-1", id);
        Eventually.await(Duration.ofSeconds(20), () -> outbox.find(id).orElseThrow().state() == MessageState.REJECTED,
                () -> "not rejected");
        assertEquals(1, centre.stats().rejected());
        JsonNode totals = ask(CentreServices.RECONCILE, """
                {"fixmedins_code":"H00000000001","stmt_begndate":"2026-11-23","stmt_enddate":"2026-11-23"}""");
        assertEquals(0, totals.path("totals").size());
    }

    /**
     * Reconciliation totals (amounts and setl_ids) are an institution's own: a device of another
     * institution asking for them by naming the institution gets an error, not the totals; the
     * institution's own device gets them.
     */
    @Test
    void anInstitutionsTotalsAreAnsweredOnlyToItsOwnDevices() throws Exception {
        String id = append(FUND, "T01-S00000041", claim("settlement", "T01-S00000041", "310", "20.00", "10.00", "0.00", "10.00"));
        awaitAcked(id);
        String request = """
                {"fixmedins_code":"H00000000001","stmt_begndate":"2026-11-23","stmt_enddate":"2026-11-23"}""";
        assertEquals(1, ask(CentreServices.RECONCILE, request).path("totals").size(), "the institution's own device");

        try (SqliteDatabase otherDb = SqliteDatabase.open(dir.resolve("other.db"))) {
            Outbox otherOutbox = Outbox.open(otherDb, "T02", OutboxPolicy.defaults(), Clock.systemUTC());
            try (Uplink other = Uplink.start(otherOutbox, UplinkConfig.of(broker.uri(), new Topics("371502", "H00000000002", "T02")),
                    Clock.systemUTC(), new FullJitterBackoff(Duration.ofMillis(50), Duration.ofMillis(400), RandomGenerator.getDefault()),
                    payload -> { })) {
                Eventually.await(Duration.ofSeconds(20), other::connected, () -> "the other uplink never connected");
                JsonNode answer = JSON.readTree(other.request(CentreServices.RECONCILE, request.getBytes(UTF_8),
                        Duration.ofSeconds(10)).get());
                assertTrue(answer.path("totals").isMissingNode(), "another institution's device got the totals: " + answer);
                assertFalse(answer.path("error").asText().isBlank(), answer::toString);
            }
        }
    }

    @Test
    void answersPersonsFromThePersonsFile() throws Exception {
        JsonNode found = ask(CentreServices.PERSON, "{\"mdtrt_cert_type\":\"02\",\"certno\":\"371502199001011234\"}");
        assertTrue(found.path("found").asBoolean(), found::toString);
        assertEquals("37150000000000000001", found.path("output").path("baseinfo").path("psn_no").asText());
        assertEquals("online", found.path("output").path("term_source").asText());
        assertEquals("310", found.path("output").path("insuinfo").get(0).path("insutype").asText());

        JsonNode byPsnNo = ask(CentreServices.PERSON, "{\"data\":{\"mdtrt_cert_no\":\"37150000000000000002\"}}");
        assertTrue(byPsnNo.path("found").asBoolean(), byPsnNo::toString);
        assertEquals("390", byPsnNo.path("output").path("insuinfo").get(0).path("insutype").asText());

        JsonNode missing = ask(CentreServices.PERSON, "{\"certno\":\"110101190001010000\"}");
        assertFalse(missing.path("found").asBoolean());
        assertEquals("中心无此参保人员信息", missing.path("err_msg").asText());

        JsonNode garbage = ask(CentreServices.PERSON, "not json");
        assertFalse(garbage.path("found").asBoolean());
    }

    @Test
    void aPersonsFiguresHoldTheirAcceptedClaimsAndSayWhichOnes() throws Exception {
        String zhang = "37150000000000000001"; // persons.json: balc 1500.00; 2026 outpatient 150.00 / 120.00 / 1900.00
        String settled = append(FUND, "T01-S00000011", personClaim("settlement", "T01-S00000011", zhang, 2026));
        String otherYear = append(FUND, "T01-S00000012", personClaim("settlement", "T01-S00000012", zhang, 2027));
        String someoneElse = append(FUND, "T01-S00000013", personClaim("settlement", "T01-S00000013", "37150000000000000002", 2026));
        String strayReversal = append(REVERSAL, "T01-S00000099", personClaim("reversal", "T01-S00000099", zhang, 2026));
        for (String id : List.of(settled, otherYear, someoneElse, strayReversal)) awaitAcked(id);

        JsonNode after = ask(CentreServices.PERSON, "{\"psn_no\":\"" + zhang + "\"}").path("output");
        assertYuan("1440.00", after.at("/insuinfo/0/balc"), after.toString());
        JsonNode year2026 = accumulators(after, 2026);
        assertYuan("200.00", year2026.path("dedc_used"));
        assertYuan("220.00", year2026.path("fund_paid"));
        assertYuan("2050.00", year2026.path("inscp_over_dedc"));
        assertYuan("100.00", accumulators(after, 2027).path("fund_paid"), "a row the seed lacked");
        assertEquals(List.of(settled, otherYear), texts(after.path("term_claims")),
                "another person's claim and a reversal of nothing counted are not in the figures");

        String reversed = append(REVERSAL, "T01-S00000011", personClaim("reversal", "T01-S00000011", zhang, 2026));
        awaitAcked(reversed);
        JsonNode back = ask(CentreServices.PERSON, "{\"certno\":\"371502199001011234\"}").path("output");
        assertYuan("1470.00", back.at("/insuinfo/0/balc"), back.toString());
        assertYuan("120.00", accumulators(back, 2026).path("fund_paid"));
        assertEquals(List.of(settled, otherYear, reversed), texts(back.path("term_claims")));
    }

    /**
     * Claims the centre could not use later (not JSON, empty, without their type, of another
     * institution than the topic's, without a settlement it can read) are refused with a code
     * and not stored, so nothing of them reaches reconciliation or the person service, which
     * keeps answering.
     */
    @Test
    void claimsTheCentreCannotUseAreRefusedWithACodeAndNotStored() throws Exception {
        String zhang = "37150000000000000001";
        String good = personClaim("settlement", "T01-S00000021", zhang, 2026);
        java.util.Map<String, Envelope> sent = new java.util.LinkedHashMap<>();
        sent.put("E_PAYLOAD", raw("T01-9001", "settlement", "not json".getBytes(UTF_8)));
        sent.put("E_PAYLOAD ", raw("T01-9002", "settlement", new byte[0]));
        sent.put("E_PAYLOAD  ", raw("T01-9003", "settlement", "[1,2]".getBytes(UTF_8)));
        sent.put("E_TYPE", raw("T01-9004", null, good.getBytes(UTF_8)));
        sent.put("E_TYPE ", raw("T01-9005", "settlement", without(good, "kind").getBytes(UTF_8)));
        sent.put("E_TYPE  ", raw("T01-9006", "reversal", good.getBytes(UTF_8)));
        sent.put("E_INSTITUTION", raw("T01-9007", "settlement", good.replace("H00000000001", "H99999999999").getBytes(UTF_8)));
        sent.put("E_INSTITUTION ", raw("T01-9008", "settlement", good.replace("\"371502\"", "\"110000\"").getBytes(UTF_8)));
        sent.put("E_INSTITUTION  ", raw("T01-9009", "settlement", without(good, "fixmedins_code").getBytes(UTF_8)));
        sent.put("E_DEVICE", raw("T01-9010", "settlement", good.replace("\"device_id\":\"T01\"", "\"device_id\":\"T02\"")
                .getBytes(UTF_8)));
        sent.put("E_CLAIM", raw("T01-9011", "settlement", good.replace("\"setl_id\"", "\"no_setl_id\"").getBytes(UTF_8)));
        java.util.Map<String, org.yibao.outbox.wire.Ack> acks = new java.util.concurrent.ConcurrentHashMap<>();
        try (RawMqtt rogue = new RawMqtt(broker.uri(), "rogue-claims")) {
            rogue.subscribe(TOPICS.acks(), (topic, message) -> org.yibao.outbox.wire.AckBatch.decode(message.getPayload())
                    .ifPresent(list -> list.forEach(a -> acks.put(a.id(), a))));
            for (Envelope e : sent.values()) rogue.publish(TOPICS.lane(Lane.MESSAGES), WireCodec.encode(e));
            Eventually.await(Duration.ofSeconds(20), () -> acks.size() >= sent.size(), () -> "answers: " + acks);
        }
        sent.forEach((code, e) -> {
            org.yibao.outbox.wire.Ack ack = acks.get(e.id());
            assertEquals(org.yibao.outbox.wire.Ack.Status.REJECTED, ack.status(), e.id());
            assertEquals(code.strip(), ack.code(), e.id() + " " + ack.reason());
            assertFalse(ack.reason().isBlank(), e.id());
            try {
                assertTrue(centre.store().find(e.id()).isEmpty(), e.id() + " stored");
            } catch (java.sql.SQLException ex) {
                throw new AssertionError(ex);
            }
        });

        String accepted = append(FUND, "T01-S00000021", good);
        awaitAcked(accepted);
        JsonNode person = ask(CentreServices.PERSON, "{\"psn_no\":\"" + zhang + "\"}");
        assertTrue(person.path("found").asBoolean(), person::toString);
        assertEquals(List.of(accepted), texts(person.path("output").path("term_claims")), "only the good claim counts");
    }

    /**
     * The control lane carries sign-ins, fleet results and reports, never claims: what comes on
     * it is not verified as a claim, so a message there that looks like one (a settlement in the
     * claim form, under a claim's type or another) must not reach reconciliation, the person
     * service or the stats as a settlement.
     */
    @Test
    void aMessageOnTheControlLaneIsNeverCountedAsAClaim() throws Exception {
        String zhang = "37150000000000000001";
        String looksLikeAClaim = personClaim("settlement", "T01-S00000051", zhang, 2026);
        java.util.List<Envelope> sent = List.of(
                new Envelope(Envelope.VERSION, "T01-8001", "T01", "settlement", "CONTROL", "CONTROL", null, 0, 1,
                        looksLikeAClaim.getBytes(UTF_8)),
                new Envelope(Envelope.VERSION, "T01-8002", "T01", "fleet.report", "CONTROL", "CONTROL", null, 0, 1,
                        without(looksLikeAClaim, "kind").replace("T01-S00000051", "T01-S00000052").getBytes(UTF_8)),
                new Envelope(Envelope.VERSION, "T01-8003", "T01", "report", "CONTROL", "CONTROL", null, 0, 1,
                        without(looksLikeAClaim, "kind").replace("T01-S00000051", "T01-S00000053").getBytes(UTF_8)));
        java.util.Map<String, org.yibao.outbox.wire.Ack> acks = new java.util.concurrent.ConcurrentHashMap<>();
        try (RawMqtt device = new RawMqtt(broker.uri(), "control-sender")) {
            device.subscribe(TOPICS.acks(), (topic, message) -> org.yibao.outbox.wire.AckBatch.decode(message.getPayload())
                    .ifPresent(list -> list.forEach(a -> acks.put(a.id(), a))));
            for (Envelope e : sent) device.publish(TOPICS.lane(Lane.CONTROL), WireCodec.encode(e));
            Eventually.await(Duration.ofSeconds(20), () -> acks.size() >= sent.size(), () -> "answers: " + acks);
        }

        JsonNode totals = ask(CentreServices.RECONCILE, """
                {"fixmedins_code":"H00000000001","stmt_begndate":"2026-11-23","stmt_enddate":"2026-11-23"}""");
        assertEquals(0, totals.path("totals").size(), "control messages in the totals: " + totals);
        JsonNode person = ask(CentreServices.PERSON, "{\"psn_no\":\"" + zhang + "\"}").path("output");
        assertEquals(List.of(), texts(person.path("term_claims")), person.toString());
        assertEquals("1500.00", person.at("/insuinfo/0/balc").asText(), "the seeded balance: " + person);
        assertEquals(0, centre.stats().settlements(), centre.stats().toString());
    }

    /**
     * A centre.db that already holds a stored claim whose payload is not JSON (from before the
     * centre verified claims): the person service still answers, leaving the row out.
     */
    @Test
    void aStoredClaimThatIsNotJsonDoesNotBreakThePersonService() throws Exception {
        String zhang = "37150000000000000001";
        String settled = append(FUND, "T01-S00000031", personClaim("settlement", "T01-S00000031", zhang, 2026));
        awaitAcked(settled);
        try (SqliteDatabase same = SqliteDatabase.open(dir.resolve("centre.db"))) {
            same.inTransaction(c -> {
                try (var insert = c.prepareStatement("""
                        INSERT INTO centre_claim(id, device, admdvs, fixmedins, lane, type, order_key, payload, created_at, arrival,
                                                 received_at, received_by, status, code, reason, deliveries)
                        VALUES ('T01-777', 'T01', '371502', 'H00000000001', 'MESSAGES', 'settlement', NULL, ?, 1,
                                (SELECT max(arrival) + 1 FROM centre_claim), 1, 't1', 'ACCEPTED', '0', '', 1)""")) {
                    insert.setBytes(1, "not json {".getBytes(UTF_8));
                    return insert.executeUpdate();
                }
            });
        }
        JsonNode person = ask(CentreServices.PERSON, "{\"psn_no\":\"" + zhang + "\"}");
        assertTrue(person.path("found").asBoolean(), person::toString);
        assertEquals(List.of(settled), texts(person.path("output").path("term_claims")));
        assertYuan("1470.00", person.path("output").at("/insuinfo/0/balc"), person.toString());
    }

    private static Envelope raw(String id, String type, byte[] payload) {
        return new Envelope(Envelope.VERSION, id, "T01", type, "FUND", "MESSAGES", null, 0, 1, payload);
    }

    private static String without(String json, String field) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(json);
        node.remove(field);
        return node.toString();
    }

    /** The test reads JSON numbers as doubles: compares the amount, not its scale. */
    private static void assertYuan(String expected, JsonNode actual) {
        assertYuan(expected, actual, "");
    }

    private static void assertYuan(String expected, JsonNode actual, String context) {
        assertEquals(0, new java.math.BigDecimal(expected).compareTo(actual.decimalValue()), expected + " != " + actual + " " + context);
    }

    private void awaitAcked(String id) {
        Eventually.await(Duration.ofSeconds(20), () -> outbox.find(id).orElseThrow().state() == MessageState.ACKED,
                () -> id + " not acked");
    }

    private static JsonNode accumulators(JsonNode output, int year) {
        for (JsonNode row : output.path("term_accuinfo")) {
            if (row.path("year").asInt() == year && row.path("accu_group").asText().equals("outpatient")) return row;
        }
        throw new AssertionError("no " + year + " outpatient row in " + output);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A claim of {@code psnNo}; a settlement carries the delta: 50.00 deductible, 100.00 fund, 150.00 above it, 30.00 account. */
    private static String personClaim(String kind, String setlId, String psnNo, int year) {
        boolean reversal = kind.equals("reversal");
        String sign = reversal ? "-" : "";
        String delta = reversal ? "" : ",\"term_accu_delta\":{\"year\":" + year + ",\"accu_group\":\"outpatient\",\"insutype\":\"310\","
                + "\"dedc_used\":50.00,\"fund_paid\":100.00,\"inscp_over_dedc\":150.00,\"acct_pay\":30.00}";
        return """
            {"claim":"%s","kind":"%s","v":1,"infno":"2102","msgid":"m","fixmedins_code":"H00000000001","admdvs":"371502",
             "device_id":"T01","opter_type":"1","offline":false,
             "output":{"setlinfo":{"setl_id":"%s","psn_no":"%s","insutype":"310","clr_type":"41","setl_time":"2026-11-23 10:15:00",
               "medfee_sumamt":%s200.00,"fund_pay_sumamt":%s100.00,"acct_pay":%s30.00,"psn_cash_pay":%s70.00},"setldetail":[]%s}}
            """.formatted(kind, kind, setlId, psnNo, sign, sign, sign, sign, delta);
    }

    @Test
    void withoutACaRenewalsAreRefusedWithAClearError() throws Exception {
        JsonNode answer = ask("certificate", "{\"csr_pem\":\"-----BEGIN CERTIFICATE REQUEST-----\"}");
        assertTrue(answer.path("error").asText().contains("未配置证书颁发机构"), answer::toString);
        assertTrue(answer.path("client_cert_pem").isMissingNode(), answer::toString);
    }

    private String append(MessageClass cls, String key, String payload) throws Exception {
        AppendResult result = outbox.append(new NewMessage(JSON.readTree(payload).path("claim").asText(), cls, key,
                payload.getBytes(UTF_8)));
        uplink.wake();
        return ((AppendResult.Appended) result).id();
    }

    private JsonNode ask(String service, String body) throws Exception {
        return JSON.readTree(uplink.request(service, body.getBytes(UTF_8), Duration.ofSeconds(10)).get());
    }

    /** A claim as the flows write it (SettleEngine.claim): the answer's output under "output". */
    private static String claim(String kind, String setlId, String insutype, String medfee, String fund, String acct,
                                String cash) {
        return """
            {"claim":"%s","kind":"%s","v":1,"infno":"2102","msgid":"m","fixmedins_code":"H00000000001","admdvs":"371502",
             "device_id":"T01","opter_type":"1","offline":false,
             "output":{"setlinfo":{"setl_id":"%s","insutype":"%s","clr_type":"41","setl_time":"2026-11-23 10:15:00",
               "medfee_sumamt":%s,"fund_pay_sumamt":%s,"acct_pay":%s,"psn_cash_pay":%s,"psn_name":"张三丰"},"setldetail":[]}}
            """.formatted(kind, kind, setlId, insutype, medfee, fund, acct, cash);
    }
}
