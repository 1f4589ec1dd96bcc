package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateEnvelope;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateTarget;
import org.yibao.terminal.cli.TerminalCli;
import org.yibao.terminal.identity.voucher.VoucherFixtures;
import org.yibao.terminal.policy.PolicyLoader;
import picocli.CommandLine;

/**
 * {@code terminal voucher trust} while the service runs: the CLI is another process with its own
 * connection to terminal.db; the running fleet service (real SQLite file, outbox and fleet agent;
 * the centre a stand-in that answers every catch-up with nothing) puts the loaded file in use
 * without a restart, and a revocation update merges into the loaded file, not the one held before.
 * A service without a centre (no agent) looks at the stored file all the same.
 */
class TrustLoadedWhileRunningTest {
    private static final UpdateTarget DEVICE = UpdateTarget.device("T01");

    @TempDir Path dir;
    final DeviceKey root = DeviceKey.generate(KeyAlgorithm.EC);
    SqliteDatabase db;
    FleetService fleet;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("trust"));
        Files.writeString(dir.resolve(FleetService.ROOT_FILE), Pem.write(root.pair().getPublic()));
        db = SqliteDatabase.open(dir.resolve("terminal.db"));
    }

    @AfterEach
    void stop() {
        if (fleet != null) fleet.close();
        db.close();
    }

    @Test
    void aFileLoadedWhileTheServiceRunsIsInUseWithoutARestart() throws Exception {
        open(Duration.ofMillis(20));
        theLoadedFileComesInUse();
    }

    @Test
    void aServiceWithoutACentrePutsTheLoadedFileInUseToo() throws Exception {
        openWithoutCentre(Duration.ofMillis(20));
        theLoadedFileComesInUse();
    }

    private void theLoadedFileComesInUse() throws Exception {
        assertEquals(List.of(), kidsInUse(), "nothing trusted yet");
        loadWithTheCli(VoucherFixtures.standardTrustJson());
        Eventually.await(Duration.ofSeconds(20), () -> kidsInUse().contains("sm2-1"), () -> "in use: " + kidsInUse());
    }

    @Test
    void aRevocationArrivingBeforeTheNextLookMergesIntoTheLoadedFile() throws Exception {
        open(Duration.ofHours(1)); // no look of its own before the update
        loadWithTheCli(VoucherFixtures.standardTrustJson());
        assertEquals(List.of(), kidsInUse(), "not looked at yet");

        String list = "{\"version\":\"rev-9\",\"ec_tokens\":[\"ECT-REVOKED-BY-UPLINK\"],\"psn_nos\":[]}";
        fleet.inbox().accept(UpdateEnvelope.sign(new Update(DEVICE, 1, UpdateKind.REVOCATION, Instant.now(),
                list.getBytes(StandardCharsets.UTF_8), ""), root.pair().getPrivate(), KeyAlgorithm.EC));

        // the trust in use switches just after the commit that records the update: wait for the switch
        Eventually.await(Duration.ofSeconds(20), () -> fleet.trust().get().revoked().ecTokens().contains("ECT-REVOKED-BY-UPLINK"),
                () -> "not in use: " + fleet.trust().get().revoked());
        assertEquals("APPLIED", fleet.store().recorded("device/T01/1").orElseThrow().status());
        assertTrue(kidsInUse().contains("sm2-1"), "the technician's keys kept: " + kidsInUse());
        assertEquals(java.util.Set.of("ECT-REVOKED-BY-UPLINK"), fleet.trust().get().revoked().ecTokens(),
                "the list replaces the loaded file's revocations");
        String stored = new String(fleet.store().content("trust").orElseThrow().body(), StandardCharsets.UTF_8);
        assertTrue(stored.contains("sm2-1") && stored.contains("ECT-REVOKED-BY-UPLINK"), "what the next start loads: " + stored);
    }

    private void open(Duration watch) throws Exception {
        openFleet();
        fleet.connect(StandInCentre.withNothing(), watch, Duration.ofHours(1));
    }

    private void openWithoutCentre(Duration watch) throws Exception {
        openFleet();
        fleet.watchStoredTrustWithoutCentre(watch);
    }

    private void openFleet() throws Exception {
        Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.systemUTC());
        fleet = FleetService.open(FleetParts.of(db, dir, PolicyLoader.load(FleetRig.EXAMPLES.resolve("policy.yaml")), Optional.empty(), outbox,
                new FleetService.Identity("T01", "371502", "H00000000001"), Clock.systemUTC()));
    }

    private List<String> kidsInUse() {
        return fleet.trust().get().keys().keySet().stream().sorted().toList();
    }

    private void loadWithTheCli(String json) throws Exception {
        Path file = dir.resolve("field-trust.json");
        Files.writeString(file, json);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new TerminalCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("voucher", "trust", "--data-dir", dir.toString(), file.toString());
        assertEquals(0, exit, out + " " + err);
    }
}
