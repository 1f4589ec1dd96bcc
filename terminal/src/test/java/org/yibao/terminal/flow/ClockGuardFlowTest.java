package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.api.envelope.Envelopes;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.operator.OperatorFixtures;

/**
 * The clock guard as the flows register it (README, "A clock that cannot be trusted (1376)"):
 * 2101/2102 are held back while the clock is more than 5 minutes behind the newest claim or a
 * reading the guard trusted since the start, with nothing written; 3201 is not; and a held-back
 * transaction still needs its sign-in. Offline rig, real SQLite file, the rig's hand clock.
 */
class ClockGuardFlowTest {

    private static String code(JsonNode answer) {
        return answer.path("infcode").asInt() == 0 ? "0" : answer.path("term_errcode").asText();
    }

    private static ObjectNode recon() {
        return ReconInput.of().with("insutype", "").with("clr_type", "").days("2027-01-01", "2027-01-31")
                .totals("100.00", "70.00", "30.00", "1").input();
    }

    @Test
    void aClockMoreThanFiveMinutesBehindTheNewestClaimHoldsSettlementsBackButNotReconciliation(@TempDir Path dir)
            throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            assertEquals("0", code(rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true))));

            rig.clock.advance(Duration.ofMinutes(-5).minusSeconds(1));
            rig.newShift(); // a sign-in the clock now reads more than 5 minutes before has ended (1606)
            JsonNode held = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals("1376", code(held), held.toString());
            assertTrue(held.path("err_msg").asText().contains("早于本机已记录的最后时间"), held.toString());
            assertEquals("1376", code(rig.call("2101", FlowRig.purchase("50.00", "2", "100.00", true))));
            assertEquals(1, rig.scalar("SELECT count(*) FROM settlement"), "nothing written");
            JsonNode recon = rig.call("3201", recon());
            assertEquals("0", code(recon), "3201 dates nothing: " + recon);

            rig.clock.advance(Duration.ofSeconds(1)); // exactly 5 minutes behind: a network-time correction
            assertEquals("0", code(rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true))));
            assertEquals(2, rig.scalar("SELECT count(*) FROM settlement"));
        }
    }

    /** No claim on the disk: the reading of an hour later that 2101 passed is the evidence (2101 queues no claim). */
    @Test
    void aClockSetBackWhileTheTerminalRunsIsHeldBackBeforeAnyClaimIsWritten(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            rig.clock.advance(Duration.ofHours(1));
            assertEquals("0", code(rig.call("2101", FlowRig.purchase("50.00", "2", "100.00", true))));
            assertEquals(0, rig.scalar("SELECT count(*) FROM outbox_message WHERE lane = 'MESSAGES'"), "a pre-settlement queues no claim");
            rig.clock.advance(Duration.ofHours(-1));
            rig.newShift();
            assertEquals("1376", code(rig.call("2101", FlowRig.purchase("50.00", "2", "100.00", true))));
        }
    }

    @Test
    void aHeldBackTransactionStillNeedsItsSignIn(@TempDir Path dir) throws Exception {
        try (FlowRig rig = FlowRig.offline(dir)) {
            rig.seed(FlowRig.employee());
            ObjectNode env = Envelopes.envelope("2102", rig.nextMsgid(), OperatorFixtures.CASHIER, "");
            env.set("input", FlowRig.purchase("50.00", "2", "100.00", true));
            JsonNode answer = Json.parse(rig.raw(env), "answer");
            assertEquals("1605", code(answer), answer.toString());
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"));
        }
    }
}
