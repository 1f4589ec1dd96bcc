package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yibao.outbox.uplink.Uplink;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.operator.HandClock;

/**
 * Review of the time offline across a restart. ContactKeeper's promise: time the centre
 * answered (the uplink's heartbeat keeps asking) is not time offline, so a terminal left
 * connected through a long closure that finds the network down when it reopens is not refused
 * fund payments at once (1320). That holds when the connection is lost while the terminal runs
 * (CentreSilenceFlowTest, OfflineLimitsPropertiesTest); here the terminal is restarted at the
 * reopening (an operator's restart, an update, a power cut) and finds the network down: the
 * hours the centre answered before the restart must not count as offline either.
 */
class ContactAcrossRestartTest {

    private static ObjectNode byId() {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        input.putObject("data").put("mdtrt_cert_type", "02").put("mdtrt_cert_no", FlowRig.CERTNO).put("psn_cert_type", "01");
        return input;
    }

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
     * terminal is restarted with the broker up. Nothing is known of the centre at start, and the
     * uplink reads an unknown centre as answering until its connect's ping times out (10 s): a
     * fund-paying purchase in those seconds is settled online, neither held to the offline
     * limits (here 1320, past 72 h) nor marked 脱机结算.
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
