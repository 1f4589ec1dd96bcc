package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.flow.clock.ClockFloor;

/**
 * How long the terminal has been offline, as the settlement checks measure it from the last
 * contact with the centre, at the exact edges: 72 h to the millisecond is still within the
 * policy's {@code max_hours}, one second more is 1320 with the time shown; a contact dated ahead of
 * the clock by up to the clock guard's tolerance (5 min) counts as no time offline, beyond it as
 * no measurable contact (1320). A 2101 applies the same checks as a 2102 and writes nothing, so
 * each edge is asked with it. Found by mutation testing: the boundaries of the flow's side were
 * reached only by the clock-guard tests, outside this selection.
 */
class OfflineHoursEdgesTest {

    private static JsonNode preSettleAfterContactAt(FlowRig rig, Instant contact) throws Exception {
        rig.flows.persons().touchCentre(contact);
        return rig.call("2101", FlowRig.purchase("50.00", "2", "100.00", false));
    }

    private static void assertSettles(JsonNode answer) {
        assertEquals(0, answer.path("infcode").asInt(), answer.toString());
        assertEquals("脱机结算，待上传", answer.path("warn_msg").asText(), answer.toString());
    }

    private static void assertRefused1320(JsonNode answer, String detail) {
        assertEquals("1320", answer.path("term_errcode").asText(), answer.toString());
        assertEquals(detail, answer.path("err_msg").asText().substring(answer.path("err_msg").asText().indexOf('：') + 1));
    }

    @Test
    void seventyTwoHoursOfflineAreWithinTheLimitAndOneSecondMoreIsNot(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            Instant now = rig.clock.instant();
            assertSettles(preSettleAfterContactAt(rig, now.minus(Duration.ofHours(72))));
            assertRefused1320(preSettleAfterContactAt(rig, now.minus(Duration.ofHours(72)).minusSeconds(1)),
                    "已脱机 72 小时 0 分 1 秒，上限 72 小时");
            assertSettles(preSettleAfterContactAt(rig, now));
        }
    }

    @Test
    void aContactAheadOfTheClockCountsAsNoTimeOfflineUpToTheToleranceAndAsNoContactBeyondIt(@TempDir Path dir)
            throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            Instant now = rig.clock.instant();
            assertSettles(preSettleAfterContactAt(rig, now.plusSeconds(1)));
            assertSettles(preSettleAfterContactAt(rig, now.plus(ClockFloor.TOLERANCE)));
            assertRefused1320(preSettleAfterContactAt(rig, now.plus(ClockFloor.TOLERANCE).plusMillis(1)),
                    "本机没有可计算脱机时长的中心联系记录（从未联系中心，或记录的时间晚于本机时钟），上限 72 小时");
        }
    }
}
