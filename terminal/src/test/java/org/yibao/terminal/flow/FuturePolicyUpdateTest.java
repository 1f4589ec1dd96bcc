package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateEnvelope;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateTarget;
import org.yibao.terminal.api.envelope.Envelopes;
import org.yibao.terminal.domain.policy.PolicySource;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.fleet.CentreChannel;
import org.yibao.terminal.fleet.FleetParts;
import org.yibao.terminal.fleet.FleetService;
import org.yibao.terminal.fleet.FleetStore;
import org.yibao.terminal.operator.HandClock;

/**
 * A policy delivered ahead of its effective date, through the fleet service as {@code terminal
 * run} wires it (signed update pushed to the agent, applied in its transaction, the flows reading
 * the fleet's policies): sales before the date settle with the policy in force and record its
 * version, also after a restart; from the date on they settle with the new one.
 */
class FuturePolicyUpdateTest {
    private static final String OLD = "2026.03";
    private static final String NEW = "2027.01";
    private static final String STREAM = "device/" + FlowRig.DEVICE;
    /** The centre cannot be reached: updates come only as pushes handed to the inbox. */
    private static final CentreChannel NO_CENTRE = new CentreChannel() {
        @Override public boolean connected() { return false; }

        @Override public long connections() { return 0; }

        @Override public Optional<byte[]> ask(String service, byte[] body, Duration timeout) { return Optional.empty(); }
    };

    private final DeviceKey root = DeviceKey.generate(KeyAlgorithm.EC);
    private FleetService fleet;
    private FlowRig rig;
    private int starts;

    @AfterEach
    void close() {
        stop();
    }

    @Test
    void aFuturePolicyIsUsedFromItsDateAndTheOneInForceUntilThenAcrossARestart(@TempDir Path dir) throws Exception {
        HandClock clock = new HandClock(FlowRig.START); // 2027-01-15 in Shanghai
        start(dir, clock);
        fleet.inbox().accept(UpdateEnvelope.sign(new Update(UpdateTarget.device(FlowRig.DEVICE), 1, UpdateKind.POLICY,
                clock.instant(), futurePolicy(), ""), root.pair().getPrivate(), KeyAlgorithm.EC));
        Eventually.await(Duration.ofSeconds(10), () -> fleet.policies().timeline().policies().size() == 2,
                () -> "the policy update was not applied");
        FleetStore.Recorded recorded = fleet.store().recorded(STREAM + "/1").orElseThrow();
        assertEquals("APPLIED", recorded.status());
        assertEquals(NEW, recorded.version());
        assertEquals("自 2027-01-16 起生效", recorded.reason());

        assertEquals(OLD, settle("20270115100000", 1), "before its date the policy in force settles");

        stop();
        start(dir, clock);
        assertEquals(OLD, settle("20270115110000", 1), "a restart before the date keeps the policy in force");

        clock.advance(Duration.between(clock.instant(), ZonedDateTime.of(2027, 1, 16, 0, 0, 0, 0, HandClock.SHANGHAI).toInstant()));
        rig.newShift();
        assertEquals(NEW, settle("20270116000000", 1), "from its date the new policy settles");

        stop();
        start(dir, clock);
        assertEquals(NEW, settle("20270116010000", 1), "and after a restart too");
        assertEquals(2, rig.scalar("SELECT count(*) FROM settlement WHERE policy_ver = '" + OLD + "'"));
        assertEquals(2, rig.scalar("SELECT count(*) FROM settlement WHERE policy_ver = '" + NEW + "'"));
    }

    /** The example policy as version 2027.01, effective 2027-01-16 (the day after the rig's start). */
    private static byte[] futurePolicy() {
        String text = Fixtures.resource("/examples/policy.yaml");
        return text.replace("version: \"" + OLD + "\"", "version: \"" + NEW + "\"")
                .replace("effective: 2026-01-01", "effective: 2027-01-16").getBytes(StandardCharsets.UTF_8);
    }

    /** A 2102 of the employee (seen by the centre just now); returns the policy version it recorded. */
    private String settle(String stamp, int n) throws Exception {
        rig.seed(FlowRig.employee());
        JsonNode answer = rig.call("2102", Envelopes.FIXMEDINS + stamp + String.format("%04d", n), "1",
                FlowRig.purchase("50.00", "2", "100.00", true));
        assertEquals(0, answer.path("infcode").asInt(), answer.toString());
        return answer.at("/output/setlinfo/term_policy_ver").asText();
    }

    private void start(Path dir, HandClock clock) throws SQLException {
        rig = FlowRig.offline(dir, clock, this::openFleet);
        rig.skipMsgids(100 * starts++);
    }

    /** As {@code terminal run}: the configured policy is the example (2026.03), the fleet's held ones follow. */
    private PolicySource openFleet(Path dir, SqliteDatabase db, Outbox outbox, HandClock clock) throws SQLException {
        try {
            Files.createDirectories(dir.resolve("trust"));
            Files.writeString(dir.resolve(FleetService.ROOT_FILE), Pem.write(root.pair().getPublic()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        fleet = FleetService.open(FleetParts.of(db, dir, Fixtures.examplePolicy(), Optional.empty(), outbox,
                new FleetService.Identity(FlowRig.DEVICE, "371500", Envelopes.FIXMEDINS), clock));
        fleet.connect(NO_CENTRE, Duration.ofMillis(50), Duration.ofHours(1));
        return fleet.policies();
    }

    private void stop() {
        if (fleet != null) fleet.close();
        if (rig != null) rig.close();
        fleet = null;
        rig = null;
    }
}
