package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.EscPosDecoder;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.app.PersonDataPurge;
import org.yibao.terminal.store.person.PersonCacheRetention;

/**
 * {@code retention.person_days}: the terminal deletes what it holds of a person it has not seen
 * for that long (the cached 1101 answer with the ID number, the figures, the recorded answers
 * that name them and moved no money) and keeps a person still coming to the counter, whether the
 * centre answered for them, the cache identified them, or they settled; one who settled here this
 * year is kept until the year ends (their year-to-date figures are the terminal's own). The
 * settlements and their answers stay: a 2102 sent again still gets its answer and settles once.
 */
class PersonRetentionFlowTest {
    private static final Duration RETENTION = Duration.ofDays(180);
    private static final String SEEN_PSN = FlowRig.PSN;
    private static final String GONE_PSN = "37150000000000000002";
    private static final String GONE_CERTNO = "371502197001011236";
    private static final String BUYER_PSN = "37150000000000000003";
    private static final String BUYER_CERTNO = "371502196001011238";
    private static final String EARLY_PSN = "37150000000000000004";
    private static final String EARLY_CERTNO = "371502195001011230";

    @TempDir Path dir;

    @Test
    void aPersonNotSeenForTheRetentionIsDeletedAndOnesStillComingAreKept() throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            for (String[] p : new String[][] {{GONE_PSN, GONE_CERTNO}, {BUYER_PSN, BUYER_CERTNO}, {EARLY_PSN, EARLY_CERTNO}}) {
                rig.seed(person(p[0], p[1]));
            }
            rig.seed(FlowRig.employee());
            // day 0 (2027-01-15): one person identified from the cache, another settles
            String goneMsgid = rig.nextMsgid();
            JsonNode goneFirst = rig.call("1101", goneMsgid, "1", byId(GONE_CERTNO));
            assertEquals("cache", goneFirst.at("/output/term_source").asText(), goneFirst.toString());
            rig.centreAnsweredNow(); // the centre went away just now: the fund may pay offline
            ObjectNode early = rig.envelope("2102", rig.nextMsgid(), purchaseOf(EARLY_PSN, EARLY_CERTNO));
            String earlyAnswer = rig.raw(early);
            assertEquals(0, Json.parse(earlyAnswer, "answer").path("infcode").asInt(), earlyAnswer);

            later(rig, 50); // day 50: another settles, self-pay (day 0's claim has waited too long for the fund to pay offline)
            ObjectNode selfPay = purchaseOf(BUYER_PSN, BUYER_CERTNO);
            ((ObjectNode) selfPay.get("druginfo")).put("term_selfpay_only", "1");
            JsonNode bought = rig.call("2102", selfPay);
            assertEquals(0, bought.path("infcode").asInt(), bought.toString());
            later(rig, 50); // day 100: the employee identified from the cache
            assertEquals("cache", rig.call("1101", byId(FlowRig.CERTNO)).at("/output/term_source").asText());

            later(rig, 100); // day 200 (2027-08-03): the cut-off is day 20
            assertEquals(new PersonDataPurge.Deleted(1, 1), purge(rig).run(), "one person, day 0's 1101 answer");
            assertEquals(List.of(SEEN_PSN, BUYER_PSN, EARLY_PSN), cached(rig),
                    "seen on day 100, settled on day 50, and settled on day 0, before the cut-off but this year");
            for (String table : new String[] {"accumulator", "account_balance"}) {
                assertEquals(0, rig.scalar("SELECT count(*) FROM " + table + " WHERE psn_no = '" + GONE_PSN + "'"), table);
            }
            assertTrue(rig.api.replies().find(goneMsgid).isEmpty(), "the answer holding the ID number is gone");
            assertEquals(2, rig.scalar("SELECT count(*) FROM idempotent_reply WHERE infno = '2102'"), "answers that moved money stay");

            JsonNode again = rig.call("1101", goneMsgid, "1", byId(GONE_CERTNO));
            assertNotEquals(goneFirst, again, "the deleted answer is not replayed");
            assertEquals(-1, again.path("infcode").asInt(), "identified anew, and no longer known offline: " + again);

            later(rig, 200); // day 400 (2028-02-19): the cut-off is day 220, the year has turned
            assertEquals(new PersonDataPurge.Deleted(3, 1), purge(rig).run(), "the three, and day 100's 1101 answer");
            assertEquals(List.of(), cached(rig));
            assertEquals(earlyAnswer, rig.raw(early), "a 2102 sent again still gets its recorded answer, byte for byte");
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement WHERE psn_no = '" + EARLY_PSN + "'"), "and settles once");
            assertEquals(new PersonDataPurge.Deleted(0, 0), purge(rig).run(), "nothing more is due");

            JsonNode settled = Json.parse(earlyAnswer, "answer");
            JsonNode reversed = rig.call("2103", FlowRig.reversalOf(settled, EARLY_PSN));
            assertEquals(0, reversed.path("infcode").asInt(), "a deleted person's settlement is still reversed: " + reversed);
            String receipt = EscPosDecoder.decode(rig.simulatedPrinter().lastPrinted()).transcript();
            assertTrue(receipt.contains("退费") || receipt.contains("冲正"), receipt);
            assertTrue(receipt.lines().anyMatch(l -> l.startsWith("个人账户余额") && l.endsWith("以医保中心为准")),
                    "the balance is no longer known here, and the receipt says where it is: " + receipt);
            assertTrue(receipt.lines().noneMatch(l -> l.startsWith("个人账户余额") && l.contains("0.00")), receipt);
        }
    }

    /** {@code days} later, the cashier signed in anew (a sign-in lasts a shift). */
    private static void later(FlowRig rig, int days) {
        rig.clock.advance(Duration.ofDays(days));
        rig.newShift();
    }

    private static PersonDataPurge purge(FlowRig rig) {
        return new PersonDataPurge(new PersonCacheRetention(rig.db), rig.api.replies(), RETENTION, rig.clock);
    }

    private static List<String> cached(FlowRig rig) throws Exception {
        String psnNos = rig.text("SELECT coalesce(group_concat(psn_no, ','), '') FROM (SELECT psn_no FROM person_cache ORDER BY psn_no)");
        return psnNos.isEmpty() ? List.of() : List.of(psnNos.split(","));
    }

    private static ObjectNode purchaseOf(String psnNo, String certno) {
        ObjectNode purchase = FlowRig.purchase("50.00", "2", "100.00", true);
        ((ObjectNode) purchase.get("druginfo")).put("psn_no", psnNo).put("mdtrt_cert_no", certno);
        return purchase;
    }

    private static ObjectNode person(String psnNo, String certno) {
        ObjectNode person = FlowRig.employee();
        ((ObjectNode) person.get("baseinfo")).put("psn_no", psnNo).put("certno", certno);
        return person;
    }

    private static ObjectNode byId(String certno) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", certno).put("psn_cert_type", "01");
        return input;
    }
}
