package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.app.PersonDataPurge;
import org.yibao.terminal.store.person.PersonCacheRetention;

/**
 * {@code retention.person_days}: the terminal deletes what it holds of a person it has not seen
 * for that long (the cached 1101 answer with the ID number, the figures, the recorded 1101
 * answers) and keeps a person still coming to the counter, whether the centre answered for them,
 * the cache identified them, or they settled. Settlements stay.
 */
class PersonRetentionFlowTest {
    private static final Duration RETENTION = Duration.ofDays(180);
    private static final String SEEN_PSN = FlowRig.PSN;
    private static final String GONE_PSN = "37150000000000000002";
    private static final String GONE_CERTNO = "371502197001011236";
    private static final String BUYER_PSN = "37150000000000000003";
    private static final String BUYER_CERTNO = "371502196001011238";

    @TempDir Path dir;

    @Test
    void aPersonNotSeenForTheRetentionIsDeletedAndOnesStillComingAreKept() throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            rig.seed(person(GONE_PSN, GONE_CERTNO));
            rig.seed(person(BUYER_PSN, BUYER_CERTNO));
            String goneMsgid = rig.nextMsgid();
            JsonNode goneFirst = rig.call("1101", goneMsgid, "1", byId(GONE_CERTNO));
            assertEquals("cache", goneFirst.at("/output/term_source").asText(), goneFirst.toString());

            later(rig, 50);
            rig.centreAnsweredNow(); // the centre went away just now, not 50 days ago: the fund may pay offline
            ObjectNode purchase = FlowRig.purchase("50.00", "2", "100.00", true);
            ((ObjectNode) purchase.get("druginfo")).put("psn_no", BUYER_PSN).put("mdtrt_cert_no", BUYER_CERTNO);
            JsonNode settled = rig.call("2102", purchase);
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());

            later(rig, 50); // day 100: the employee identified from the cache
            JsonNode seen = rig.call("1101", byId(FlowRig.CERTNO));
            assertEquals("cache", seen.at("/output/term_source").asText(), seen.toString());

            later(rig, 100); // day 200: the cut-off is day 20
            PersonDataPurge.Deleted deleted = purge(rig).run();

            assertEquals(new PersonDataPurge.Deleted(1, 1), deleted, "one person, one 1101 answer of day 0");
            assertEquals(0, rig.scalar("SELECT count(*) FROM person_cache WHERE psn_no = '" + GONE_PSN + "'"));
            for (String table : new String[] {"accumulator", "account_balance"}) {
                assertEquals(0, rig.scalar("SELECT count(*) FROM " + table + " WHERE psn_no = '" + GONE_PSN + "'"), table);
            }
            assertEquals(0, rig.scalar("SELECT count(*) FROM person_cache WHERE certno = '" + GONE_CERTNO + "'"),
                    "the ID number is gone from the cache");
            assertEquals(2, rig.scalar("SELECT count(*) FROM person_cache WHERE psn_no IN ('" + SEEN_PSN + "', '" + BUYER_PSN + "')"),
                    "the one identified on day 100 and the one who settled on day 50 are kept");
            assertEquals(1, rig.scalar("SELECT count(*) FROM idempotent_reply WHERE infno = '1101'"), "day 100's answer is kept");
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement WHERE psn_no = '" + BUYER_PSN + "'"), "settlements stay");
            assertEquals(0, rig.scalar("SELECT count(*) FROM idempotent_reply WHERE response_json LIKE '%" + GONE_CERTNO + "%'"));

            JsonNode again = rig.call("1101", goneMsgid, "1", byId(GONE_CERTNO));
            assertNotEquals(goneFirst, again, "the deleted answer is not replayed");
            assertEquals(-1, again.path("infcode").asInt(), "identified again, and no longer known offline: " + again);
            assertEquals(new PersonDataPurge.Deleted(0, 0), purge(rig).run(), "nothing more is due");
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
