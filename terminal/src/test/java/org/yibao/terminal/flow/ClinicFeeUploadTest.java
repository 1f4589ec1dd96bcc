package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.domain.settlement.Fixtures;

/**
 * 2204 费用明细上传 against the visit it names, offline (a good 2207 settles at once): a settled
 * visit takes no more fees (1368) until its settlement is reversed; a feedetl_sn is a number
 * ("01" and "1" are one line) and is unique over the whole visit, so a line already uploaded is
 * refused at upload time (1026, naming {@code input.feedetail[i].feedetl_sn}) instead of making
 * every later 2206 / 2207 of the visit fail; a 2207 of a settled visit is 1368 before anything else
 * it says is weighed; a line that is not an object is a wrong type (1022)
 * and a line without mdtrt_id a missing field (1021), not an unknown visit; a 2206 / 2207 naming another
 * insutype than the visit's 2201 is 1367. A refused upload leaves the visit's fees as they were and records no answer.
 */
class ClinicFeeUploadTest {

    private static String register(FlowRig rig) throws Exception {
        return register(rig, "2027-01-15 09:00:00");
    }

    /** A 2201 of the employee's 310 visit beginning at {@code begntime} (left out when empty). */
    private static String register(FlowRig rig, String begntime) throws Exception {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        ObjectNode data = input.putObject("data").put("psn_no", FlowRig.PSN).put("insutype", "310");
        if (!begntime.isEmpty()) data.put("begntime", begntime);
        JsonNode reg = rig.call("2201", input);
        assertEquals(0, reg.path("infcode").asInt(), reg.toString());
        return reg.at("/output/data/mdtrt_id").asText();
    }

    /** A 2204 input with one 甲类 line of 2 × 50.00 per feedetl_sn in {@code sns}, for a 门慢 visit (med_type 14). */
    private static ObjectNode fees(String mdtrtId, String... sns) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        ArrayNode lines = input.putArray("feedetail");
        for (String sn : sns) {
            lines.addObject().put("feedetl_sn", sn).put("mdtrt_id", mdtrtId).put("psn_no", FlowRig.PSN)
                    .put("med_type", "14").put("fee_ocur_time", "2027-01-15 09:05:00").put("med_list_codg", Fixtures.JIA)
                    .put("det_item_fee_sumamt", "100.00").put("cnt", "2").put("pric", "50.00");
        }
        return input;
    }

    /** A 2206 / 2207 input for the 门慢 M03900 the employee is approved for (the test policy's clinic rule). */
    private static ObjectNode settle(String mdtrtId, String medfee) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("psn_no", FlowRig.PSN).put("mdtrt_id", mdtrtId).put("med_type", "14")
                .put("dise_codg", "M03900").put("insutype", "310").put("acct_used_flag", "0").put("medfee_sumamt", medfee).put("mdtrt_cert_type", "02");
        return input;
    }

    private static String storedFees(FlowRig rig, String mdtrtId) throws SQLException {
        return rig.db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT fees_json FROM clinic_visit WHERE mdtrt_id = ?")) {
                p.setString(1, mdtrtId);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getString(1);
                }
            }
        });
    }

    private static long answers(FlowRig rig) throws SQLException {
        return rig.scalar("SELECT count(*) FROM idempotent_reply");
    }

    private static void assertRefused(JsonNode answer, String code, String detail) {
        assertEquals(-1, answer.path("infcode").asInt(), answer.toString());
        assertEquals(code, answer.path("term_errcode").asText(), answer.toString());
        assertTrue(answer.path("err_msg").asText().contains(detail), answer.path("err_msg").asText());
    }

    @Test
    void aSettledVisitTakesNoMoreFeesUntilItsSettlementIsReversed(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String mdtrtId = register(rig);
            assertEquals(0, rig.call("2204", fees(mdtrtId, "1")).path("infcode").asInt());
            JsonNode done = rig.call("2207", settle(mdtrtId, "100.00"));
            assertEquals(0, done.path("infcode").asInt(), done.toString());

            String settled = storedFees(rig, mdtrtId);
            long recorded = answers(rig);
            JsonNode late = rig.call("2204", fees(mdtrtId, "2"));
            assertRefused(late, "1368", "mdtrt_id " + mdtrtId);
            assertEquals(settled, storedFees(rig, mdtrtId), "no fee stored on a settled visit");
            assertEquals(recorded, answers(rig), "a refusal is not recorded");

            ObjectNode rev = FlowRig.JSON.createObjectNode();
            rev.putObject("data").put("setl_id", done.at("/output/setlinfo/setl_id").asText()).put("mdtrt_id", mdtrtId)
                    .put("psn_no", FlowRig.PSN);
            assertEquals(0, rig.call("2208", rev).path("infcode").asInt());
            JsonNode after = rig.call("2204", fees(mdtrtId, "2"));
            assertEquals(0, after.path("infcode").asInt(), "once reversed the visit takes fees again: " + after);
            JsonNode again = rig.call("2207", settle(mdtrtId, "200.00"));
            assertEquals(0, again.path("infcode").asInt(), "and settles with both lines: " + again);
        }
    }

    @Test
    void aSettledVisitsSettlementIsRefused1368WhateverElseItSays(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String mdtrtId = register(rig);
            assertEquals(0, rig.call("2204", fees(mdtrtId, "1")).path("infcode").asInt());
            assertEquals(0, rig.call("2207", settle(mdtrtId, "100.00")).path("infcode").asInt());

            ObjectNode pharmacy = settle(mdtrtId, "100.00");
            ((ObjectNode) pharmacy.get("data")).put("med_type", "41");
            assertRefused(rig.call("2207", pharmacy), "1368", "mdtrt_id " + mdtrtId); // was 1369: fix med_type, then 1368
            assertRefused(rig.call("2207", settle(mdtrtId, "99.99")), "1368", "mdtrt_id " + mdtrtId); // was 1308
            ObjectNode otherSplit = settle(mdtrtId, "100.00");
            ((ObjectNode) otherSplit.get("data")).put("inscp_scp_amt", "1.00");
            assertRefused(rig.call("2207", otherSplit), "1368", "mdtrt_id " + mdtrtId); // was 1313
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement"));
        }
    }

    /**
     * A visit is registered (2201) under one insutype, and its 2204 answers were split under it;
     * a 2206 / 2207 that names another is refused 1367 even for a person insured under both, and
     * writes nothing. Before, the visit settled under the insutype the 2207 named.
     */
    @Test
    void aSettlementNamingAnotherInsutypeThanTheVisitsIsRefused1367(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            ObjectNode person = FlowRig.employee();
            ((ArrayNode) person.get("insuinfo")).addObject().put("balc", 0).put("insutype", "390").put("psn_type", "11")
                    .put("psn_insu_stas", "1").put("insuplc_admdvs", "371500");
            rig.seed(person);
            String mdtrtId = register(rig);
            assertEquals(0, rig.call("2204", fees(mdtrtId, "1")).path("infcode").asInt());
            for (String infno : java.util.List.of("2206", "2207")) {
                ObjectNode other = settle(mdtrtId, "100.00");
                ((ObjectNode) other.get("data")).put("insutype", "390");
                assertRefused(rig.call(infno, other), "1367", "insutype 390");
            }
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"));

            ObjectNode unnamed = settle(mdtrtId, "100.00");
            ((ObjectNode) unnamed.get("data")).remove("insutype");
            JsonNode done = rig.call("2207", unnamed);
            assertEquals(0, done.path("infcode").asInt(), "without insutype the visit's: " + done);
            assertEquals("310", done.at("/output/setlinfo/insutype").asText());
        }
    }

    /**
     * insutype sent as "" (the spec's empty value) in a 2206 / 2207 is the visit's 2201 insutype, as
     * when left out. Before, it was refused 1021 (input.data.insutype) though absent was accepted.
     */
    @Test
    void anEmptyInsutypeInASettlementIsTheVisits(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String mdtrtId = register(rig);
            assertEquals(0, rig.call("2204", fees(mdtrtId, "1")).path("infcode").asInt());
            for (String infno : java.util.List.of("2206", "2207")) {
                ObjectNode empty = settle(mdtrtId, "100.00");
                ((ObjectNode) empty.get("data")).put("insutype", "");
                JsonNode answer = rig.call(infno, empty);
                assertEquals(0, answer.path("infcode").asInt(), infno + " with insutype \"\" settles the visit's: " + answer);
                assertEquals("310", answer.at("/output/setlinfo/insutype").asText(), answer.toString());
            }
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement"));
        }
    }

    @Test
    void uploadsOfOneVisitArrivingTogetherEachKeepTheirLines(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String mdtrtId = register(rig);
            int uploads = 8;
            for (int round = 0; round < 3; round++) {
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(uploads);
                java.util.List<java.util.concurrent.Future<JsonNode>> answers = new java.util.ArrayList<>();
                try (var pool = java.util.concurrent.Executors.newFixedThreadPool(uploads)) {
                    for (int i = 0; i < uploads; i++) {
                        String sn = String.valueOf(round * uploads + i + 1);
                        answers.add(pool.submit(() -> {
                            start.await();
                            return rig.call("2204", fees(mdtrtId, sn));
                        }));
                    }
                }
                for (java.util.concurrent.Future<JsonNode> a : answers) assertEquals(0, a.get().path("infcode").asInt(), a.get().toString());
            }
            JsonNode stored = FlowRig.JSON.readTree(storedFees(rig, mdtrtId));
            java.util.Set<String> sns = new java.util.TreeSet<>();
            stored.forEach(line -> sns.add(line.path("feedetl_sn").asText()));
            assertEquals(3 * uploads, stored.size(), "every answered line is on the visit: " + sns);
            assertEquals(3 * uploads, sns.size(), "each once: " + sns);
        }
    }

    @Test
    void theCheckA2207CommitMakesSeesLinesUploadedAfterItsRequestWasRead(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String mdtrtId = register(rig);
            assertEquals(0, rig.call("2204", fees(mdtrtId, "1")).path("infcode").asInt());
            String before = storedFees(rig, mdtrtId);
            org.yibao.terminal.store.settlement.VisitStore visits = org.yibao.terminal.store.settlement.VisitStore.open(rig.db);
            assertTrue(visits.feesUnchanged(mdtrtId, before));
            assertEquals(0, rig.call("2204", fees(mdtrtId, "2")).path("infcode").asInt());
            assertTrue(!visits.feesUnchanged(mdtrtId, before), "the 2207 commit's check sees the second upload");
        }
    }

    /**
     * Text fields are read stripped of surrounding spaces (README): a feedetl_sn " 1" is line 1, and
     * the visit takes its later uploads (the stored " 1" broke each of them with 1019 before: found by
     * the clinic review of 2026-12-06).
     */
    @Test
    void aFeedetlSnSentWithSpacesDoesNotBreakTheVisitsLaterUploads(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String mdtrtId = register(rig);
            assertEquals(0, rig.call("2204", fees(mdtrtId, " 1")).path("infcode").asInt());
            JsonNode second = rig.call("2204", fees(mdtrtId, "2"));
            assertEquals(0, second.path("infcode").asInt(), "a second upload of another line: " + second);
            assertRefused(rig.call("2204", fees(mdtrtId, "1")), "1026", "input.feedetail[0].feedetl_sn = 1");
        }
    }

    @Test
    void aFeedetlSnIsANumberUniqueOverTheWholeVisit(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String mdtrtId = register(rig);
            assertRefused(rig.call("2204", fees(mdtrtId, "2", "02")), "1026", "input.feedetail[1].feedetl_sn = 02");
            assertEquals("[]", storedFees(rig, mdtrtId));
            assertEquals(0, rig.call("2204", fees(mdtrtId, "01")).path("infcode").asInt());

            String uploaded = storedFees(rig, mdtrtId);
            long recorded = answers(rig);
            assertRefused(rig.call("2204", fees(mdtrtId, "1")), "1026", "input.feedetail[0].feedetl_sn = 1");
            assertRefused(rig.call("2204", fees(mdtrtId, "2", "001")), "1026", "input.feedetail[1].feedetl_sn = 001");
            assertRefused(rig.call("2204", fees(mdtrtId, "01")), "1026", "input.feedetail[0].feedetl_sn = 01");
            assertEquals(uploaded, storedFees(rig, mdtrtId), "no line of a refused upload is stored");
            assertEquals(recorded, answers(rig), "refusals are not recorded");

            assertEquals(0, rig.call("2204", fees(mdtrtId, "2")).path("infcode").asInt());
            JsonNode done = rig.call("2207", settle(mdtrtId, "200.00"));
            assertEquals(0, done.path("infcode").asInt(), "the visit settles with its two lines: " + done);
        }
    }

    @Test
    void linesStoredTwiceBeforeTheFixAreNamedAsTheHostSentThem(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String mdtrtId = register(rig);
            String twice = fees(mdtrtId, "01", "1").get("feedetail").toString();
            rig.db.inTransaction(c -> { // as an upload made before feedetl_sn was compared as a number left them
                try (PreparedStatement p = c.prepareStatement("UPDATE clinic_visit SET fees_json = ? WHERE mdtrt_id = ?")) {
                    p.setString(1, twice);
                    p.setString(2, mdtrtId);
                    return p.executeUpdate();
                }
            });
            assertRefused(rig.call("2206", settle(mdtrtId, "200.00")), "1026", "input.feedetail[1].feedetl_sn = 1");
            assertRefused(rig.call("2207", settle(mdtrtId, "200.00")), "1026", "input.feedetail[1].feedetl_sn = 1");
        }
    }

    @Test
    void aFeeLineThatIsNotAnObjectIsAWrongType(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String mdtrtId = register(rig);
            ObjectNode nullLine = FlowRig.JSON.createObjectNode();
            nullLine.putArray("feedetail").addNull();
            assertRefused(rig.call("2204", nullLine), "1022", "input.feedetail[0]");
            ObjectNode textLine = FlowRig.JSON.createObjectNode();
            textLine.putArray("feedetail").add("x");
            assertRefused(rig.call("2204", textLine), "1022", "input.feedetail[0]");
            ObjectNode secondBad = fees(mdtrtId, "1");
            ((ArrayNode) secondBad.get("feedetail")).add(5);
            assertRefused(rig.call("2204", secondBad), "1022", "input.feedetail[1]");
            ObjectNode notArray = FlowRig.JSON.createObjectNode().put("feedetail", "x");
            assertRefused(rig.call("2204", notArray), "1022", "input.feedetail");
            ObjectNode noVisit = fees(mdtrtId, "1");
            ((ObjectNode) noVisit.get("feedetail").get(0)).remove("mdtrt_id");
            assertRefused(rig.call("2204", noVisit), "1021", "input.feedetail[0].mdtrt_id");
            assertEquals("[]", storedFees(rig, mdtrtId), "nothing stored");
        }
    }

    @Test
    void aLineOfAnotherVisitOrPersonIsNamedAsSent(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String mdtrtId = register(rig);
            String other = register(rig);
            ObjectNode mixed = fees(mdtrtId, "1", "2");
            ((ObjectNode) mixed.get("feedetail").get(1)).put("mdtrt_id", other);
            assertRefused(rig.call("2204", mixed), "1367", "input.feedetail[1].mdtrt_id");
            ObjectNode someoneElse = fees(mdtrtId, "1");
            ((ObjectNode) someoneElse.get("feedetail").get(0)).put("psn_no", "37150000000000000009");
            assertRefused(rig.call("2204", someoneElse), "1367", "input.feedetail[0].psn_no");
            assertEquals("[]", storedFees(rig, mdtrtId), "nothing stored");
        }
    }

    @Test
    void aKioskRegistersAVisitOnACardOrAVoucherOnly(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            ObjectNode byId = FlowRig.JSON.createObjectNode();
            byId.putObject("data").put("psn_no", FlowRig.PSN).put("insutype", "310").put("mdtrt_cert_type", "02")
                    .put("mdtrt_cert_no", FlowRig.CERTNO);
            JsonNode refused = rig.call("2201", rig.nextMsgid(), "2", byId);
            assertEquals("1370", refused.path("term_errcode").asText(), refused.toString());
            assertEquals(0, rig.scalar("SELECT count(*) FROM clinic_visit"), "nothing registered for the refusal");
            ((ObjectNode) byId.get("data")).put("mdtrt_cert_type", "03").put("mdtrt_cert_no", FlowRig.CARD);
            JsonNode byCard = rig.call("2201", rig.nextMsgid(), "2", byId);
            assertEquals(0, byCard.path("infcode").asInt(), byCard.toString());
            assertEquals(0, rig.call("2201", byIdAtTheCounter()).path("infcode").asInt(), "a cashier may register on an ID number");
        }
    }

    /**
     * A fee line dated on a day before the visit's 2201 begntime (the lines of an earlier visit sent
     * under this mdtrt_id) is not this visit's fee: the upload is refused 1379 naming the line, and
     * nothing is stored. A line earlier the same day (the host's clocks may differ by minutes), at the
     * begntime itself, or without a time, is the visit's; a visit registered without a begntime weighs
     * no line (the terminal's clock is not the host's). Before, the earlier visit's lines were kept
     * and settled a second time under this visit.
     */
    @Test
    void aFeeLineDatedBeforeTheVisitBeganIsRefused1379(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            String mdtrtId = register(rig);
            ObjectNode earlier = fees(mdtrtId, "1", "2");
            ((ObjectNode) earlier.get("feedetail").get(1)).put("fee_ocur_time", "2027-01-14 16:30:00");
            assertRefused(rig.call("2204", earlier), "1379", "input.feedetail[1].fee_ocur_time 2027-01-14 16:30:00");
            assertEquals("[]", storedFees(rig, mdtrtId), "nothing stored");

            ObjectNode atTheStart = fees(mdtrtId, "1", "2");
            ((ObjectNode) atTheStart.get("feedetail").get(0)).put("fee_ocur_time", "2027-01-15 08:55:00");
            ((ObjectNode) atTheStart.get("feedetail").get(1)).put("fee_ocur_time", "");
            JsonNode ok = rig.call("2204", atTheStart);
            assertEquals(0, ok.path("infcode").asInt(), ok.toString());

            String undated = register(rig, "");
            ObjectNode anyDay = fees(undated, "1");
            ((ObjectNode) anyDay.get("feedetail").get(0)).put("fee_ocur_time", "2026-03-01 10:00:00");
            JsonNode taken = rig.call("2204", anyDay);
            assertEquals(0, taken.path("infcode").asInt(), "a visit registered without begntime weighs no line: " + taken);
        }
    }

    private static ObjectNode byIdAtTheCounter() {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("psn_no", FlowRig.PSN).put("insutype", "310").put("mdtrt_cert_type", "02")
                .put("mdtrt_cert_no", FlowRig.CERTNO);
        return input;
    }
}
