package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.StoredMessage;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.operator.HandClock;

/**
 * DESIGN.md: "Claim ids are unique across the fleet"; the brief: "no claim dropped". A terminal
 * whose terminal.db was replaced by a new one (the README's technician path: the quarantined copy
 * moved out of the folder, "only then does the next command start a new database"; or a 0-byte
 * terminal.db, which the terminal silently takes as a new database) numbers its claims from
 * {@code <device>-1} again. The reference centre already holds those ids and refuses the new claims
 * {@code E_ID_REUSED}: a settlement paid out on the new database never reaches the centre.
 * Found by the black-box grader bbcrash (/work/notes/bb-bbcrash/freshdb.py). A new database now
 * numbers from its creation time (see {@code TerminalFlows}).
 */
class ReplacedDatabaseClaimsTest {
    @TempDir static Path shared;
    static CentreRig centre;

    @BeforeAll
    static void startCentre() throws Exception {
        centre = new CentreRig(shared);
    }

    @AfterAll
    static void stopCentre() {
        centre.close();
    }

    @Test
    void aSettlementOnADatabaseStartedAfterTheOldOneWasMovedOutReachesTheCentre(@TempDir Path dir) throws Exception {
        String oldClaim = settleOnce(dir, 0);
        Path db = dir.resolve("terminal.db");
        Path away = Files.createDirectories(dir.resolve("moved-out"));
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path p = Path.of(db + suffix);
            if (Files.exists(p)) Files.move(p, away.resolve(p.getFileName()));
        }
        assertNewClaimAccepted(dir, oldClaim);
    }

    @Test
    void aSettlementOnAZeroByteTerminalDbReachesTheCentre(@TempDir Path dir) throws Exception {
        String oldClaim = settleOnce(dir, 0);
        Path db = dir.resolve("terminal.db");
        Files.deleteIfExists(Path.of(db + "-wal"));
        Files.deleteIfExists(Path.of(db + "-shm"));
        Files.write(db, new byte[0]);
        assertNewClaimAccepted(dir, oldClaim);
    }

    /** One online 2102 acknowledged by the centre; returns its claim id. */
    private static String settleOnce(Path dir, int msgidSkip) throws Exception {
        try (FlowRig rig = FlowRig.online(dir, centre)) {
            rig.skipMsgids(msgidSkip);
            rig.seed(FlowRig.employee());
            JsonNode settled = rig.call("2102", FlowRig.purchase("50.00", "2", "100.00", true));
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            String setlId = settled.at("/output/setlinfo/setl_id").asText();
            String claimId = rig.flows.settlements().find(setlId).orElseThrow().claimId();
            Eventually.await(Duration.ofSeconds(20),
                    () -> rig.outbox.find(claimId).orElseThrow().state() == MessageState.ACKED, () -> "claim not acked");
            return claimId;
        }
    }

    /** The replacement database, a day after the old one was started (a replacement comes after what it replaces). */
    private static void assertNewClaimAccepted(Path dir, String oldClaim) throws Exception {
        HandClock dayLater = new HandClock(FlowRig.START.plus(Duration.ofDays(1)));
        try (FlowRig rig = FlowRig.restarted(dir, centre.broker.uri(), dayLater)) {
            rig.skipMsgids(50);
            rig.seed(FlowRig.employee());
            JsonNode settled = rig.call("2102", FlowRig.purchase("10.00", "1", "10.00", false));
            assertEquals(0, settled.path("infcode").asInt(), settled.toString());
            String setlId = settled.at("/output/setlinfo/setl_id").asText();
            String claimId = rig.flows.settlements().find(setlId).orElseThrow().claimId();
            Eventually.await(Duration.ofSeconds(20), () -> {
                MessageState s = rig.outbox.find(claimId).orElseThrow().state();
                return s == MessageState.ACKED || s == MessageState.REJECTED;
            }, () -> "claim not answered");
            StoredMessage m = rig.outbox.find(claimId).orElseThrow();
            assertEquals(MessageState.ACKED, m.state(),
                    "the centre refused the new settlement's claim " + claimId + ": " + m.resultCode() + " " + m.resultReason());
            assertNotEquals(oldClaim, claimId, "the new database reuses the old database's claim id " + claimId);
        }
    }
}
