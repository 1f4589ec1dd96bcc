package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by the offline-limits review of 2026-12-06, each a test that failed before: the
 * cashier's message of a 1320 (offline longer than the policy's max_hours) must say how long the
 * terminal has been offline as it is, not a figure that contradicts the refusal (72 h shown for 72 h
 * and a second, against a limit of 72 h) nor one never measured (a century, when no contact with the
 * centre is on record).
 */
class OfflineLimitsReviewTest {

    private static JsonNode fundPaying(FlowRig rig) throws Exception {
        return rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", false));
    }

    /** One second past max_hours: refused, and the message does not claim the terminal is at the limit. */
    @Test
    void oneSecondPastMaxHoursIsNotShownAsExactlyMaxHours(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee()); // the centre answered at START: the time offline counts from here
            rig.clock.advance(Duration.ofHours(72).plusSeconds(1));
            rig.newShift();
            JsonNode refused = fundPaying(rig);
            assertEquals("1320", refused.path("term_errcode").asText(), refused.toString());
            String msg = refused.path("err_msg").asText();
            assertFalse(msg.contains("已脱机 72 小时，"), "refused past 72 h, yet told 72 h against a limit of 72 h: " + msg);
            assertTrue(msg.contains("72 小时 0 分 1 秒"), msg);
            assertTrue(msg.contains("上限 72 小时"), msg);
        }
    }

    /** No contact with the centre on record: refused, and the message says so instead of a made-up 876000 hours. */
    @Test
    void noContactOnRecordIsSaidSoNotCountedAsACentury(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            rig.db.inTransaction(c -> {
                try (var s = c.createStatement()) {
                    return s.executeUpdate("DELETE FROM centre_contact"); // a terminal that never heard the centre
                }
            });
            JsonNode refused = fundPaying(rig);
            assertEquals("1320", refused.path("term_errcode").asText(), refused.toString());
            String msg = refused.path("err_msg").asText();
            assertFalse(msg.contains("876000"), "a time offline never measured is shown as measured: " + msg);
            assertTrue(msg.contains("从未联系中心"), msg);
            ObjectNode selfPay = FlowRig.purchase("50.00", "2", "100.00", false);
            ((ObjectNode) selfPay.get("druginfo")).put("term_selfpay_only", "1");
            assertEquals(0, rig.call("2102", selfPay).path("infcode").asInt(-1), "全自费 still settles");
        }
    }
}
