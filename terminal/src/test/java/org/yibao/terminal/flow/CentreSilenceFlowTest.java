package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.uplink.Uplink;
import org.yibao.terminal.operator.HandClock;

/**
 * "While the centre cannot be reached" (the policy's offline limits) is about the centre, not
 * the broker: with the broker up and the reference centre gone behind it, a purchase after a
 * person query the centre left unanswered is an offline settlement (held to the limits, marked
 * 脱机结算) until the centre answers again, and the time offline counts from the moment it fell
 * silent, not from a later loss of the broker; across a restart, the hours the centre answered
 * before it are not time offline, and a centre silent before it is not taken for answering after.
 */
class CentreSilenceFlowTest {

    private static ObjectNode byId() {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO).put("psn_cert_type", "01");
        return input;
    }

    @Test
    void aPurchaseAfterAPersonQueryTheCentreLeftUnansweredIsOffline(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            centre.add(FlowRig.employee());
            assertEquals("online", rig.call("1101", byId()).at("/output/term_source").asText());

            centre.away(); // the broker stays up
            assertEquals("cache", rig.call("1101", byId()).at("/output/term_source").asText());
            assertTrue(rig.uplink.connected());

            // 800.00 of 甲类 at 0.70: the fund's 560.00 is over the offline 500.00 per settlement
            JsonNode overLimit = rig.call("2102", FlowRig.purchase("800.00", "1", "800.00", false));
            assertEquals("1321", overLimit.path("term_errcode").asText(), overLimit.toString());
            JsonNode small = rig.call("2102", FlowRig.purchase("100.00", "1", "100.00", false));
            assertEquals(0, small.path("infcode").asInt(), small.toString());
            assertTrue(small.path("warn_msg").asText().contains("脱机结算"), small.toString());

            centre.back();
            assertEquals("online", rig.call("1101", byId()).at("/output/term_source").asText());
            JsonNode online = rig.call("2102", FlowRig.purchase("800.00", "1", "800.00", false));
            assertEquals(0, online.path("infcode").asInt(), online.toString());
            assertFalse(online.path("warn_msg").asText().contains("脱机"), online.toString());
        }
    }

    @Test
    void timeOfflineCountsFromTheSilenceNotFromALaterLossOfTheBroker(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir); FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
            centre.add(FlowRig.employee());
            assertEquals("online", rig.call("1101", byId()).at("/output/term_source").asText());

            rig.clock.advance(Duration.ofHours(6));
            rig.newShift();
            Instant fellSilent = rig.clock.instant();
            centre.away();
            assertEquals("cache", rig.call("1101", byId()).at("/output/term_source").asText());
            Eventually.await(Duration.ofSeconds(10), () -> rig.flows.persons().lastCentreContact().equals(Optional.of(fellSilent)),
                    () -> "the silence was not recorded as the last contact");

            rig.clock.advance(Duration.ofHours(5));
            centre.broker.stop();
            Eventually.await(Duration.ofSeconds(20), () -> !rig.uplink.connected(), () -> "broker loss not noticed");
            assertEquals(Optional.of(fellSilent), rig.flows.persons().lastCentreContact(),
                    "the centre was already silent when the broker went: no contact then");

            rig.clock.advance(Duration.ofHours(67)); // 72 h since the silence, 67 h since the broker went
            rig.newShift();
            JsonNode atLimit = rig.call("2102", FlowRig.purchase("100.00", "1", "100.00", false));
            assertEquals(0, atLimit.path("infcode").asInt(), atLimit.toString());
            rig.clock.advance(Duration.ofSeconds(1));
            JsonNode past = rig.call("2102", FlowRig.purchase("100.00", "1", "100.00", false));
            assertEquals("1320", past.path("term_errcode").asText(), past.toString());
        }
    }

    /**
     * A terminal left connected through a long closure, the centre answering, restarted at the
     * reopening and finding the network down: the hours the centre answered before the restart
     * are not time offline (a stop while the centre answers is contact).
     */
    @Test
    void hoursTheCentreAnsweredBeforeARestartAreNotTimeOffline(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir)) {
            HandClock clock;
            try (FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
                centre.add(FlowRig.employee());
                assertEquals("online", rig.call("1101", byId()).at("/output/term_source").asText());
                clock = rig.clock;
                rig.clock.advance(Duration.ofHours(73)); // a long closure, connected, the centre answering throughout
                // the heartbeat's latest ask, answered: the centre answers at 73 h
                assertTrue(rig.uplink.request(Uplink.PING_SERVICE, new byte[0], Duration.ofSeconds(5)).get(6, TimeUnit.SECONDS) != null);
                assertTrue(rig.uplink.centreAnswering());
            } // the terminal is restarted at the reopening ...
            centre.broker.stop(); // ... and finds the network down
            try (FlowRig rig = FlowRig.restarted(dir.resolve("t"), centre.broker.uri(), clock)) {
                rig.skipMsgids(1_000);
                assertFalse(rig.uplink.connected());
                JsonNode small = rig.call("2102", FlowRig.purchase("100.00", "1", "100.00", false));
                assertEquals(0, small.path("infcode").asInt(),
                        "the centre answered until the restart a moment ago, yet: " + small);
                assertTrue(small.path("warn_msg").asText().contains("脱机结算"), small.toString());
            }
        }
    }

    /**
     * The other side of a restart: the centre fell silent behind the broker 73 h ago and the
     * terminal is restarted with the broker up. A centre not heard since the connect is not taken
     * for answering, so the first purchase is held to the offline limits (here 1320, past 72 h);
     * it was settled online until the connect's ping timed out (10 s).
     */
    @Test
    void aRestartWhileTheCentreIsSilentDoesNotSettleOnlineBeforeItIsHeard(@TempDir Path dir) throws Exception {
        try (CentreRig centre = new CentreRig(dir)) {
            HandClock clock;
            try (FlowRig rig = FlowRig.online(dir.resolve("t"), centre)) {
                centre.add(FlowRig.employee());
                assertEquals("online", rig.call("1101", byId()).at("/output/term_source").asText());
                clock = rig.clock;
                centre.away(); // the broker stays up
                assertEquals("cache", rig.call("1101", byId()).at("/output/term_source").asText());
                assertFalse(rig.uplink.centreAnswering());
                rig.clock.advance(Duration.ofHours(73));
            }
            try (FlowRig rig = FlowRig.restarted(dir.resolve("t"), centre.broker.uri(), clock)) {
                rig.skipMsgids(1_000);
                Eventually.await(Duration.ofSeconds(20), rig.uplink::connected, () -> "no connection");
                JsonNode first = rig.call("2102", FlowRig.purchase("100.00", "1", "100.00", false));
                assertEquals("1320", first.path("term_errcode").asText(),
                        "silent for 73 h, nothing heard since the restart, yet: " + first);
            }
        }
    }
}
