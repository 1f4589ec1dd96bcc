package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.Lane;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.terminal.operator.HandClock;

/**
 * Two edges of the offline rules found by the limits review of 2026-12-06, each a test that failed
 * before: the time offline when the last contact was written by a clock that ran fast, and a 2101
 * with the backlog exactly at its byte limit.
 */
class OfflineLimitEdgesTest {

    private static FlowRig rig(Path dir, OutboxPolicy policy, HandClock clock) throws Exception {
        return new FlowRig(dir, Optional.empty(), policy, FlowRig.KIOSK, clock, db -> new SimulatedPrinter());
    }

    /**
     * A contact written while the clock ran 100 h fast, then the clock set right and 73 h offline:
     * the time offline cannot be measured from it, so fund payments are refused (1320, beyond
     * max_hours) until the centre is heard again; self-pay still settles.
     */
    @Test
    void aLastContactDatedAheadOfTheClockDoesNotStretchTheTimeOffline(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("t");
        try (FlowRig rig = rig(t, OutboxPolicy.defaults(), new HandClock(FlowRig.START.plus(Duration.ofHours(100))))) {
            rig.seed(FlowRig.employee()); // an answered 1101: the last contact, at START + 100 h
        }
        HandClock right = new HandClock(FlowRig.START);
        try (FlowRig rig = rig(t, OutboxPolicy.defaults(), right)) {
            right.advance(Duration.ofHours(73));
            JsonNode fund = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", false));
            assertEquals("1320", fund.path("term_errcode").asText(), "73 h offline, the last contact dated ahead: " + fund);
            assertEquals(0, rig.scalar("SELECT count(*) FROM settlement"));
            com.fasterxml.jackson.databind.node.ObjectNode selfPay = FlowRig.purchase("50.00", "2", "100.00", false);
            ((com.fasterxml.jackson.databind.node.ObjectNode) selfPay.get("druginfo")).put("term_selfpay_only", "1");
            JsonNode cash = rig.call("2102", selfPay);
            assertEquals(0, cash.path("infcode").asInt(-1), "全自费 still settles: " + cash);
        }
    }

    /** With the backlog exactly at max_backlog_bytes, 2101 is refused 1702 as its 2102 is. */
    @Test
    void aPreSettlementAtTheBacklogBytesLimitIsRefusedAsTheSettlementIs(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("t");
        long bytes;
        try (FlowRig rig = rig(t, OutboxPolicy.defaults(), new HandClock(FlowRig.START))) {
            rig.seed(FlowRig.employee());
            assertEquals(0, rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", false)).path("infcode").asInt());
            bytes = rig.outbox.stats(Lane.MESSAGES).bytes();
        }
        OutboxPolicy d = OutboxPolicy.defaults();
        OutboxPolicy atLimit = new OutboxPolicy(d.softMaxCount(), bytes, d.maxOldestAge(), d.hardMaxCount(),
                d.hardMaxBytes(), d.controlMaxCount(), d.maxPayloadBytes(), d.maxAttempts(), d.retention());
        try (FlowRig rig = rig(t, atLimit, new HandClock(FlowRig.START))) {
            rig.skipMsgids(50);
            JsonNode settle = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", false));
            assertEquals("1702", settle.path("term_errcode").asText(), settle.toString());
            JsonNode pre = rig.call("2101", FlowRig.purchase("50.00", "2", "100.00", false));
            assertEquals("1702", pre.path("term_errcode").asText("0"), "the backlog is at its byte limit: " + pre);
        }
    }
}
