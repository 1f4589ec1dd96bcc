package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.net.LoopbackPorts;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.testing.MosquittoBroker;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.identity.Pem;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateLedger;
import org.yibao.provisioning.update.UpdatePublisher;
import org.yibao.provisioning.update.UpdateResult;
import org.yibao.provisioning.update.UpdateSigner;
import org.yibao.provisioning.update.UpdateTarget;
import org.yibao.terminal.centre.PersonDirectory;
import org.yibao.terminal.centre.ReferenceCentreService;
import org.yibao.terminal.cli.CliProcess;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.fleet.FleetService;

/**
 * {@code terminal run} as a child JVM (real Mosquitto, the reference centre in this JVM) killed
 * with SIGKILL while it applies a large signed catalogue update from the centre, several times.
 * After each kill the database holds the old catalogue or the new one, whole (its version and
 * its row count agree); after the restart the update is caught up and applied once, and nothing
 * the killed apply had staged is left on the device's disk.
 */
class KillDuringCatalogueUpdateTest {
    private static final String DEVICE = "K01";
    private static final int KILLS = 2;
    /** Rows of the pushed catalogue: enough that importing it takes a good part of a second. */
    private static final int ROWS = 200_000;

    @Test
    void aCatalogueUpdateKilledWhileApplyingLeavesOneWholeCatalogueAndNoStagedFiles(@TempDir Path dir) throws Exception {
        int staged = interruptApplies(dir, KILLS, false);
        assertTrue(staged > 0, "no kill landed while a file was staged: the test proved nothing about them");
    }

    /** The same with the stop systemd makes (SIGTERM): the stop is bounded, and the same holds after it. */
    @Test
    void aCatalogueUpdateStoppedBySigtermWhileApplyingLeavesOneWholeCatalogueAndNoStagedFiles(@TempDir Path dir) throws Exception {
        interruptApplies(dir, 1, true);
    }

    /** Interrupts {@code times} applies, by SIGKILL or SIGTERM; returns how many of them had a file staged at that moment. */
    private static int interruptApplies(Path dir, int times, boolean sigterm) throws Exception {
        Path files = DemoFiles.copyTo(dir.resolve("files"));
        Path data = dir.resolve("data");
        DeviceKey root = DeviceKey.generate(KeyAlgorithm.EC);
        Files.createDirectories(data.resolve("trust"));
        Files.writeString(data.resolve(FleetService.ROOT_FILE), Pem.write(root.pair().getPublic()));
        UpdateSigner signer = new UpdateSigner(root.pair().getPrivate(), KeyAlgorithm.EC);
        int apiPort = LoopbackPorts.free();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             ReferenceCentreService centre = ReferenceCentreService.start(broker.uri(), dir.resolve("centre.db"),
                     PersonDirectory.load(files.resolve(DemoFiles.PERSONS)), "c1", Clock.systemUTC())) {
            Path config = KillDuringSettlementsTest.writeConfig(dir, apiPort, broker.uri());
            long demoRows = Files.readAllLines(files.resolve(DemoFiles.CATALOG)).size() - 1;
            int cutShort = 0;
            int stagedAtKill = 0;
            for (int kill = 0; kill < times; kill++) {
                CliProcess terminal = KillDuringSettlementsTest.startTerminal(config);
                String version = "2027.0" + (kill + 1);
                UpdateLedger.Stored update;
                try {
                    Eventually.await(Duration.ofSeconds(30), () -> centre.updates().device(DEVICE).isPresent(),
                            () -> "the device never asked for updates");
                    String before = catalogue(data);
                    update = centre.updates().add(UpdateTarget.device(DEVICE), UpdateKind.CATALOG, zippedCatalogue(version), "", signer);
                    try (UpdatePublisher publisher = UpdatePublisher.connect(broker.uri())) {
                        publisher.publish(UpdatePublisher.topic(UpdateTarget.device(DEVICE), centre.updates().device(DEVICE).orElseThrow()),
                                update.envelope());
                    }
                    Eventually.await(Duration.ofSeconds(30), () -> !staged(data).isEmpty() || !catalogue(data).equals(before),
                            () -> "the terminal never started applying the update");
                    Thread.sleep(kill == 0 ? 0 : ThreadLocalRandom.current().nextInt(0, 400)); // the first while staged, on any disk
                } finally {
                    if (sigterm) {
                        long t0 = System.nanoTime();
                        CliProcess.Result stopped = terminal.terminate();
                        long millis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                        System.out.printf("SIGTERM while applying a catalogue update: exit %d in %d ms%n", stopped.exit(), millis);
                        assertTrue(millis < 30_000, "the stop took " + millis + " ms; stderr: " + stopped.err());
                    }
                    terminal.kill();
                }
                String afterKill = catalogue(data);
                assertTrue(afterKill.equals("2026.02/" + demoRows) || afterKill.startsWith("2027.0")
                        && afterKill.endsWith("/" + ROWS), "kill " + kill + ": one whole catalogue, not " + afterKill);
                if (!afterKill.equals(version + "/" + ROWS)) cutShort++;
                List<Path> leftBehind = staged(data);
                if (!leftBehind.isEmpty()) stagedAtKill++;

                CliProcess again = KillDuringSettlementsTest.startTerminal(config);
                try {
                    assertEquals(List.of(), leftBehind.stream().filter(Files::exists).toList(),
                            "kill " + kill + ": files the killed apply staged are left on the disk after the restart");
                    Eventually.await(Duration.ofSeconds(60), () -> catalogue(data).equals(version + "/" + ROWS),
                            () -> "the update was not applied after the restart");
                    Eventually.await(Duration.ofSeconds(30), () -> results(centre, update.updateId()) >= 1,
                            () -> "no result reached the centre");
                    assertEquals(1, applied(data, update.updateId()), "the update is recorded applied once");
                } finally {
                    again.terminate();
                }
            }
            System.out.printf("catalogue update: %d %s, %d of them before the commit, %d with a file staged%n",
                    times, sigterm ? "SIGTERMs" : "kills", cutShort, stagedAtKill);
            return stagedAtKill;
        }
    }

    /** The catalogue held: the version of the last catalogue import and the rows in the table. */
    private static String catalogue(Path data) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + data.resolve("terminal.db") + "?mode=ro");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT (SELECT version FROM file_import WHERE kind = 'catalog' ORDER BY id DESC LIMIT 1),"
                     + " (SELECT count(*) FROM catalog_item)")) {
            r.next();
            return r.getString(1) + "/" + r.getLong(2);
        }
    }

    private static long applied(Path data, String updateId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + data.resolve("terminal.db") + "?mode=ro");
             var q = c.prepareStatement("SELECT count(*) FROM fleet_applied WHERE update_id = ? AND status = 'APPLIED'")) {
            q.setString(1, updateId);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static long results(ReferenceCentreService centre, String updateId) throws Exception {
        return centre.updates().results().stream().map(UpdateResult::updateId).filter(updateId::equals).count();
    }

    private static List<Path> staged(Path data) throws Exception {
        Path staging = data.resolve("fleet-staging");
        if (!Files.isDirectory(staging)) return List.of();
        try (var entries = Files.list(staging)) {
            return entries.sorted().toList();
        }
    }

    /** A catalogue of {@link #ROWS} rows, all of version {@code version}, zipped as the centre may send it. */
    private static byte[] zippedCatalogue(String version) throws Exception {
        StringBuilder tsv = new StringBuilder(ROWS * 90);
        tsv.append("med_list_codg\tmed_list_name\tlist_type\tchrgitm_lv\tmed_chrgitm_type\tselfpay_prop_310\tselfpay_prop_390")
                .append("\tpric_uplmt_amt\tlmt_used_flag\tbegndate\tenddate\tver\n");
        for (int i = 0; i < ROWS; i++) {
            tsv.append("XK%019d\t药品%d\t101\t02\t09\t0.10\t0.20\tnull\t0\t2024-01-01\tnull\t%s\n".formatted(i, i, version));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("catalog.tsv"));
            zip.write(tsv.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}
