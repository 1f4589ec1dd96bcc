package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.update.CatchUp;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateEnvelope;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateTarget;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * A centre whose next updates the device cannot use (signed by a key it does not trust) and that
 * keeps saying "more": the agent must not ask in a tight loop, but back off. The centre here is
 * a stand-in answering {@link CatchUp}; the terminal side (SQLite, outbox, agent) is real.
 */
class CatchUpBackoffTest {

    @Test
    void aCatchUpThatMakesNoProgressBacksOffInsteadOfSpinning(@TempDir Path dir) throws Exception {
        DeviceKey stranger = DeviceKey.generate(KeyAlgorithm.EC);
        List<byte[]> unusable = new ArrayList<>();
        for (long seq = 1; seq <= 20; seq++) {
            unusable.add(UpdateEnvelope.sign(new Update(UpdateTarget.device("T01"), seq, UpdateKind.COMMAND, Instant.now(),
                    new byte[0], "status"), stranger.pair().getPrivate(), KeyAlgorithm.EC));
        }
        StandInCentre centre = new StandInCentre(() -> new CatchUp.Answer(unusable, true));
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
            FleetService fleet = FleetService.open(FleetParts.of(db, dir, PolicyLoader.load(FleetRig.EXAMPLES.resolve("policy.yaml")),
                    Optional.empty(), outbox, new FleetService.Identity("T01", "371502", "H00000000001"), Clock.systemUTC()));
            fleet.connect(centre, Duration.ofMillis(20), Duration.ofHours(1));
            Thread.sleep(2_500);
            fleet.close();
            assertTrue(centre.asks() >= 1 && centre.asks() <= 4, "asks in 2.5 s with waits of 1 s, 2 s: " + centre.asks());
            assertEquals(0L, fleet.store().lastSeq("device/T01"), "nothing unverifiable moved the stream");
            assertEquals(0L, outbox.stats(org.yibao.outbox.Lane.CONTROL).count(), "a stranger's updates are not answered");
        }
    }
}
