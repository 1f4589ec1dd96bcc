package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.update.FilePart;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateEnvelope;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateTarget;

/**
 * A full catalogue (or code map) sent as {@code catalog-part} ({@code codemap-part}) updates (docs/provisioning.md "Catalogue in
 * pieces"): each piece is kept in terminal.db with its update's record, so a restart between
 * pieces loses nothing; the last completes the file, which is checked against the size and
 * digest every piece names and imported as a full catalogue; a piece that does not follow the
 * ones held, or pieces that do not make the file they name, are refused (1952, 1953) and let go,
 * and the catalogue in use stays. The terminal side (SQLite, outbox, agent, importer) is real;
 * the updates are pushed as the broker would deliver them.
 */
class CatalogueInPiecesTest {
    private static final DeviceKey KEY = DeviceKey.generate(KeyAlgorithm.EC);
    private static final UpdateTarget DEVICE = UpdateTarget.device("T01");
    private static final int PIECE = 4096;

    @Test
    void thePiecesAreKeptAcrossARestartAndTheLastPutsTheWholeFileInUse(@TempDir Path dir) throws Exception {
        try (var t = terminal(dir)) {
            byte[] file = catalogue(dir, "2026.07");
            List<FilePart.Piece> pieces = FilePart.split(file, PIECE);
            assertTrue(pieces.size() >= 3, "a file of several pieces: " + pieces.size());

            push(t, 1, pieces.getFirst());
            t.restart(); // power lost after the first piece
            for (int i = 1; i < pieces.size() - 1; i++) push(t, i + 1, pieces.get(i));
            assertEquals("2026.02", t.catalog.version(), "nothing is used before the last piece");
            assertEquals(pieces.size() - 1, held(t.db), "every piece so far is held");
            assertEquals("目录分片 2/" + pieces.size() + " 已收到", t.fleet.store().recorded("device/T01/2").orElseThrow().reason());

            push(t, pieces.size(), pieces.getLast());
            FleetStore.Recorded last = t.fleet.store().recorded("device/T01/" + pieces.size()).orElseThrow();
            assertEquals("APPLIED", last.status(), last.reason());
            assertEquals("2026.07", last.version());
            assertEquals("2026.07", t.catalog.version());
            assertEquals(0, held(t.db), "the pieces are let go with the import");
            assertTrue(t.catalog.find("XPIECE000000000000299", t.today()).isPresent(), "a row of the last piece is in use");
            assertEquals("2026.07", t.fleet.store().content(UpdateApplier.CATALOG_BASE).orElseThrow().version(),
                    "the whole file is the base of the next delta");
        }
    }

    @Test
    void aPieceThatDoesNotFollowTheOnesHeldIsRefusedAndTheyAreLetGo(@TempDir Path dir) throws Exception {
        try (var t = terminal(dir)) {
            List<FilePart.Piece> pieces = FilePart.split(catalogue(dir, "2026.07"), PIECE);
            push(t, 1, pieces.get(0));
            push(t, 2, pieces.get(2)); // piece 2 lost at the centre: 3 comes next

            FleetStore.Recorded refused = t.fleet.store().recorded("device/T01/2").orElseThrow();
            assertEquals("REFUSED", refused.status());
            assertEquals("1952", refused.code());
            assertTrue(refused.reason().contains("收到分片 3/" + pieces.size()) && refused.reason().contains("应为 2 个"), refused.reason());
            assertEquals(0, held(t.db));
            assertEquals("2026.02", t.catalog.version());
        }
    }

    @Test
    void piecesThatDoNotMakeTheFileTheyNameAreRefusedAndTheCatalogueInUseStays(@TempDir Path dir) throws Exception {
        try (var t = terminal(dir)) {
            byte[] file = catalogue(dir, "2026.07");
            List<FilePart.Piece> pieces = new ArrayList<>(FilePart.split(file, PIECE));
            FilePart.Piece last = pieces.getLast();
            byte[] altered = last.bytes().clone();
            altered[altered.length - 2] ^= 1; // one bit of the last row, as a bad copy at the centre
            pieces.set(pieces.size() - 1, new FilePart.Piece(last.part(), altered));
            for (int i = 0; i < pieces.size(); i++) push(t, i + 1, pieces.get(i));

            FleetStore.Recorded refused = t.fleet.store().recorded("device/T01/" + pieces.size()).orElseThrow();
            assertEquals("REFUSED", refused.status());
            assertEquals("1953", refused.code());
            assertTrue(refused.reason().contains("合并后 " + file.length + " 字节"), refused.reason());
            assertEquals("2026.02", t.catalog.version());
            assertEquals(0, held(t.db));
        }
    }

    /**
     * A 对照 code map goes in pieces as a catalogue does ({@code codemap-part}): the last piece puts
     * it in use as the code map, under its file's version, the catalogue in use untouched, and it
     * is the base of the next code-map delta.
     */
    @Test
    void aCodeMapInPiecesIsPutInUseAsTheCodeMap(@TempDir Path dir) throws Exception {
        try (var t = terminal(dir)) {
            StringBuilder text = new StringBuilder(Files.readString(dir.resolve("codemap.tsv")));
            for (int i = 0; i < 300; i++) {
                text.append(String.join("\t", String.format("PIECE%05d", i), "分片测试对照", "101", "XN99ZZZ000A001010100009",
                        "2024-01-01", "null")).append('\n');
            }
            byte[] file = text.toString().getBytes(StandardCharsets.UTF_8);
            List<FilePart.Piece> pieces = FilePart.split(file, PIECE);
            assertTrue(pieces.size() >= 3, "a file of several pieces: " + pieces.size());
            String catalogue = t.catalog.version();

            for (int i = 0; i < pieces.size(); i++) {
                Update update = new Update(DEVICE, i + 1, UpdateKind.CODEMAP_PART, t.clock.instant(), pieces.get(i));
                t.push(UpdateEnvelope.sign(update, KEY.pair().getPrivate(), KeyAlgorithm.EC));
                t.settle();
            }

            assertEquals("对照表分片 1/" + pieces.size() + " 已收到", t.fleet.store().recorded("device/T01/1").orElseThrow().reason());
            FleetStore.Recorded last = t.fleet.store().recorded("device/T01/" + pieces.size()).orElseThrow();
            assertEquals("APPLIED", last.status(), last.reason());
            String version = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file)).substring(0, 16);
            assertEquals(version, t.catalogs.currentCodeMap().orElseThrow().version());
            assertEquals(304, t.catalogs.currentCodeMap().orElseThrow().rows());
            assertEquals(catalogue, t.catalog.version(), "the catalogue in use is not touched");
            assertEquals(0, held(t.db));
            assertEquals(version, t.fleet.store().content(UpdateApplier.CODEMAP_BASE).orElseThrow().version());

            byte[] next = (text + "PIECE99999\t新增对照\t101\tXN99ZZZ000A001010100009\t2026-01-01\tnull\n").getBytes(StandardCharsets.UTF_8);
            Update delta = new Update(DEVICE, pieces.size() + 1, UpdateKind.CODEMAP_DELTA, t.clock.instant(),
                    org.yibao.provisioning.update.CatalogDelta.compute(file, next, org.yibao.provisioning.update.CatalogDelta.CODE_MAP), "");
            t.push(UpdateEnvelope.sign(delta, KEY.pair().getPrivate(), KeyAlgorithm.EC));
            t.settle();
            assertEquals("APPLIED", t.fleet.store().recorded(delta.updateId()).orElseThrow().status(), "a delta on the piece-wise base");
            assertEquals(305, t.catalogs.currentCodeMap().orElseThrow().rows());
        }
    }

    /** A file never completed (the centre sent another in its place) is let go when the next file's first piece comes. */
    @Test
    void anotherFilesFirstPieceLetsGoOfAnUnfinishedOne(@TempDir Path dir) throws Exception {
        try (var t = terminal(dir)) {
            List<FilePart.Piece> unfinished = FilePart.split(catalogue(dir, "2026.06"), PIECE);
            push(t, 1, unfinished.get(0));
            push(t, 2, unfinished.get(1));
            List<FilePart.Piece> pieces = FilePart.split(catalogue(dir, "2026.07"), PIECE);
            for (int i = 0; i < pieces.size(); i++) push(t, i + 3, pieces.get(i));

            assertEquals("2026.07", t.catalog.version());
            assertEquals(0, held(t.db));
        }
    }

    /**
     * A publish pushes all its pieces at once (and the broker sends a device's queue in one burst
     * after a restart): the device holds one near its packet limit at a time, leaves the others to
     * the catch-up, which it asks for once the ones taken are decided, and every piece is applied
     * once. Held all at once, four such pieces ran a 64 MB heap out.
     */
    @Test
    void aBurstOfLargePiecesIsTakenOneAtATimeAndTheRestComesWithTheCatchUp(@TempDir Path dir) throws Exception {
        var centre = new FleetModelPropertiesTest.Centre();
        var lines = StandAloneFleet.capture(FleetAgent.class);
        try (var t = new FleetModelPropertiesTest.Terminal(dir, centre, KEY)) {
            List<FilePart.Piece> pieces = FilePart.split(catalogue(dir, "2026.07"), PIECE);
            List<byte[]> envelopes = new ArrayList<>();
            for (int i = 0; i < pieces.size(); i++) {
                byte[] envelope = UpdateEnvelope.sign(new Update(DEVICE, i + 1, t.clock.instant(), pieces.get(i)), KEY.pair().getPrivate(),
                        KeyAlgorithm.EC);
                envelopes.add(envelope);
                centre.ledger.get("device/T01").add(new FleetModelPropertiesTest.Stored("device/T01", i + 1,
                        UpdateKind.CATALOG_PART, envelope, null, null, null, Optional.empty()));
            }
            centre.maxPacket = envelopes.getFirst().length + 16; // each piece near the largest message the device takes

            for (byte[] envelope : envelopes) t.push(envelope); // one burst
            Eventually.await(Duration.ofSeconds(60),
                    () -> t.fleet.store().lastSeq("device/T01") == pieces.size(),
                    () -> "the pieces left to the catch-up never came: the device asks for them itself, not at its next 15-minute look");

            assertEquals("2026.07", t.catalog.version());
            assertEquals(0, held(t.db));
            assertEquals("APPLIED", t.fleet.store().recorded("device/T01/" + pieces.size()).orElseThrow().status());
            assertTrue(lines.list.stream().anyMatch(e -> e.getFormattedMessage().contains("is left to the catch-up while")),
                    "some pushes were left to the catch-up: " + lines.list);
        } finally {
            StandAloneFleet.release(FleetAgent.class, lines);
        }
    }

    /**
     * A stop of the service (SIGTERM: {@code systemctl stop} or {@code restart}) while a file in
     * pieces comes, one piece a catch-up answer: the piece in hand is finished and the agent stops
     * there. Before, its catch-up went on asking for and storing pieces until the close gave up
     * after 15 s: a 30 MB catalogue's last 26 pieces fetched after the SIGTERM and its final import
     * begun, then cut off and rolled back (black-box check, 2026-12-07). The pieces held come next start.
     */
    @Test
    void aStopWhilePiecesComeEndsAfterThePieceInHand(@TempDir Path dir) throws Exception {
        var centre = new FleetModelPropertiesTest.Centre();
        centre.connected = false;
        var lines = StandAloneFleet.capture(FleetAgent.class);
        try (var t = new FleetModelPropertiesTest.Terminal(dir, centre, KEY)) {
            List<FilePart.Piece> pieces = FilePart.split(catalogue(dir, "2026.07"), 512);
            assertTrue(pieces.size() >= 30, "a file of many pieces: " + pieces.size());
            for (int i = 0; i < pieces.size(); i++) {
                byte[] envelope = UpdateEnvelope.sign(new Update(DEVICE, i + 1, t.clock.instant(), pieces.get(i)), KEY.pair().getPrivate(),
                        KeyAlgorithm.EC);
                centre.ledger.get("device/T01").add(new FleetModelPropertiesTest.Stored("device/T01", i + 1, UpdateKind.CATALOG_PART,
                        envelope, null, null, null, Optional.empty()));
            }
            centre.perAnswer = 1; // as the centre answers with large pieces: one an answer
            centre.answerDelay = Duration.ofMillis(50);
            centre.connected = true;
            t.push(centre.ledger.get("device/T01").getLast().envelope()); // center publish pushes the last piece only

            Eventually.await(Duration.ofSeconds(30), () -> t.fleet.store().lastSeq("device/T01") >= 3,
                    () -> "the first pieces never came");
            long atStop = t.fleet.store().lastSeq("device/T01");
            long asked = System.nanoTime();
            t.fleet.close();
            long tookMs = (System.nanoTime() - asked) / 1_000_000;

            long after = t.fleet.store().lastSeq("device/T01") - atStop;
            assertTrue(after <= 1, after + " more pieces fetched and stored after the stop was asked for (stop took " + tookMs + " ms)");
            assertTrue(tookMs < 5_000, "the stop took " + tookMs + " ms");
            assertEquals(atStop + after, held(t.db), "the pieces stored are held for the next start");
            assertEquals("2026.02", t.catalog.version());
            assertTrue(lines.list.stream().noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)),
                    "a stop is not a failure to log: " + lines.list);
        } finally {
            StandAloneFleet.release(FleetAgent.class, lines);
        }
    }

    /** The centre withdrew an unfinished file's last piece and sent a catalogue whole: its pieces are let go with it. */
    @Test
    void aWholeCatalogueLetsGoOfAnUnfinishedFilesPieces(@TempDir Path dir) throws Exception {
        try (var t = terminal(dir)) {
            List<FilePart.Piece> unfinished = FilePart.split(catalogue(dir, "2026.06"), PIECE);
            push(t, 1, unfinished.get(0));
            push(t, 2, unfinished.get(1));
            assertEquals(2, held(t.db));
            Update whole = new Update(DEVICE, 3, UpdateKind.CATALOG, t.clock.instant(), catalogue(dir, "2026.07"), "");
            t.push(UpdateEnvelope.sign(whole, KEY.pair().getPrivate(), KeyAlgorithm.EC));
            t.settle();

            assertEquals("2026.07", t.catalog.version());
            assertEquals(0, held(t.db), "18 MB of pieces would otherwise stay until the stream's next first piece");
        }
    }

    /**
     * The centre withdrew the rest of an unfinished file (too large for some devices) and sends no
     * catalogue for months: the withdrawal lets go of the pieces held, which could only ever make
     * that file, and the catalogue in use stays.
     */
    @Test
    void aWithdrawnPieceLetsGoOfTheFilesPiecesHeld(@TempDir Path dir) throws Exception {
        try (var t = terminal(dir)) {
            String before = t.catalog.version();
            List<FilePart.Piece> unfinished = FilePart.split(catalogue(dir, "2026.06"), PIECE);
            push(t, 1, unfinished.get(0));
            push(t, 2, unfinished.get(1));
            assertEquals(2, held(t.db));
            Update notice = new Update(DEVICE, 3, UpdateKind.WITHDRAWN, t.clock.instant(), new byte[0], "");
            t.push(UpdateEnvelope.sign(notice, KEY.pair().getPrivate(), KeyAlgorithm.EC));
            t.settle();

            assertEquals(3L, t.fleet.store().lastSeq("device/T01"));
            assertEquals(0, held(t.db), "pieces of a file that can no longer be completed");
            assertEquals(before, t.catalog.version());
        }
    }

    /** A device without a catalogue store refuses a file in pieces at its first piece (1947), not after keeping all of them. */
    @Test
    void aDeviceWithoutACatalogueRefusesTheFirstPiece(@TempDir Path dir) throws Exception {
        DeviceKey root = StandAloneFleet.trustedRoot(dir);
        FilePart.Piece first = FilePart.split(new byte[3 * PIECE], PIECE).getFirst();
        byte[] envelope = UpdateEnvelope.sign(new Update(UpdateTarget.area("371502"), 1, java.time.Instant.now(), first),
                root.pair().getPrivate(), KeyAlgorithm.EC);
        StandInCentre centre = new StandInCentre(() -> new org.yibao.provisioning.update.CatchUp.Answer(List.of(envelope), false), 10_000_000);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            FleetService fleet = StandAloneFleet.open(db, dir);
            fleet.connect(centre, Duration.ofMillis(20), Duration.ofHours(1));
            Eventually.await(Duration.ofSeconds(20), () -> fleet.store().lastSeq("area/371502") >= 1,
                    () -> "the first piece was never decided");
            fleet.close();
            var recorded = fleet.store().recorded("area/371502/1").orElseThrow();
            assertEquals("REFUSED 1947", recorded.status() + " " + recorded.code());
            assertEquals(0, held(db));
        }
    }

    /** A zipped catalogue in pieces is imported as the zip it is; a bad row in it is refused naming the update's zip. */
    @Test
    void aZippedCatalogueInPiecesIsTakenAsAZip(@TempDir Path dir) throws Exception {
        try (var t = terminal(dir)) {
            List<FilePart.Piece> pieces = FilePart.split(zip(catalogue(dir, "2026.07")), 1024);
            assertTrue(pieces.size() >= 2, "several pieces: " + pieces.size());
            for (int i = 0; i < pieces.size(); i++) push(t, i + 1, pieces.get(i));
            assertEquals("2026.07", t.catalog.version());

            byte[] broken = (new String(catalogue(dir, "2026.08"), StandardCharsets.UTF_8)
                    + "XBROKEN\t坏行\t101\t01\t09\t2.5\t0\tnull\t0\t2024-01-01\tnull\t2026.08\n").getBytes(StandardCharsets.UTF_8);
            List<FilePart.Piece> bad = FilePart.split(zip(broken), 1024);
            for (int i = 0; i < bad.size(); i++) push(t, pieces.size() + i + 1, bad.get(i));
            FleetStore.Recorded refused = t.fleet.store().recorded("device/T01/" + (pieces.size() + bad.size())).orElseThrow();
            assertEquals("REFUSED", refused.status());
            assertTrue(refused.code().startsWith("11") && refused.reason().contains("device_T01_" + (pieces.size() + bad.size()) + ".zip"),
                    refused.code() + " " + refused.reason());
            assertEquals("2026.07", t.catalog.version());
            assertEquals(0, held(t.db));
        }
    }

    private static byte[] zip(byte[] tsv) throws Exception {
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(zipped)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("catalog.tsv"));
            zip.write(tsv);
            zip.closeEntry();
        }
        return zipped.toByteArray();
    }

    /** The example catalogue under {@code version}, with 300 more rows: about 30 KB. */
    private static byte[] catalogue(Path dir, String version) throws Exception {
        StringBuilder text = new StringBuilder(Files.readString(dir.resolve("catalog.tsv")).replace("\t2026.02", "\t" + version));
        for (int i = 0; i < 300; i++) {
            text.append(String.join("\t", String.format("XPIECE%015d", i), "分片测试药品", "101", "01", "09", "0", "0", "null", "0",
                    "2024-01-01", "null", version)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static FleetModelPropertiesTest.Terminal terminal(Path dir) throws Exception {
        var centre = new FleetModelPropertiesTest.Centre();
        centre.connected = false; // only pushes: each handled as it arrives
        return new FleetModelPropertiesTest.Terminal(dir, centre, KEY);
    }

    private static void push(FleetModelPropertiesTest.Terminal t, long seq, FilePart.Piece piece) throws Exception {
        Update update = new Update(DEVICE, seq, t.clock.instant(), piece);
        t.push(UpdateEnvelope.sign(update, KEY.pair().getPrivate(), KeyAlgorithm.EC));
        t.settle();
    }

    private static int held(SqliteDatabase db) throws Exception {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM fleet_piece")) {
                r.next();
                return r.getInt(1);
            }
        });
    }
}
