package org.yibao.provisioning.selftest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-test's checks of the device itself: its clock, its data folder's disk, its database. */
class LocalChecksTest {
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final LocalDate BUILT = LocalDate.of(2026, 12, 1);

    @TempDir Path dir;

    private static CheckResult clockAt(String instant) {
        return new ClockCheck(Clock.fixed(Instant.parse(instant), BEIJING), BUILT).run();
    }

    @Test
    void aClockBeforeTheBuildDateFailsAndTheBuildDayItselfPasses() {
        CheckResult dead = clockAt("1970-01-01T00:00:10Z");
        assertEquals(Verdict.FAIL, dead.verdict());
        assertTrue(dead.why().contains("早于程序构建日期 2026-12-01"), dead.why());
        assertEquals(Verdict.PASS, clockAt("2026-11-30T16:00:00Z").verdict(), "00:00 of the build day, Beijing time");
        assertEquals(Verdict.FAIL, clockAt("2026-11-30T15:59:59Z").verdict(), "23:59:59 the day before, Beijing time");
    }

    @Test
    void aClockInTheYear2100FailsAndTheLastDayBeforeItPasses() {
        assertEquals(Verdict.FAIL, clockAt("2099-12-31T16:00:00Z").verdict(), "2100-01-01 00:00 Beijing time");
        assertEquals(Verdict.PASS, clockAt("2099-12-31T15:59:59Z").verdict());
    }

    @Test
    void theClockIsShownInBeijingTime() {
        CheckResult ok = clockAt("2026-12-07T00:30:00Z");
        assertEquals(Verdict.PASS, ok.verdict());
        assertEquals("2026-12-07 08:30:00 Asia/Shanghai (不早于 2026-12-01)", ok.why());
    }

    @Test
    void aWritableFolderWithRoomPassesAndTheProbeFileIsGone() throws Exception {
        CheckResult result = new DiskSpaceCheck(dir, 1).run();
        assertEquals(Verdict.PASS, result.verdict(), result.why());
        assertTrue(result.why().contains("MiB 可用, 至少需要 0 MiB"), result.why());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "the probe file is removed");
        }
    }

    @Test
    void tooLittleFreeSpaceFailsWithTheFigures() {
        CheckResult result = new DiskSpaceCheck(dir, Long.MAX_VALUE).run();
        assertEquals(Verdict.FAIL, result.verdict());
        assertTrue(result.why().startsWith("磁盘空间不足: "), result.why());
        assertTrue(result.why().endsWith("至少需要 " + Long.MAX_VALUE / (1024 * 1024) + " MiB"), result.why());
    }

    @Test
    void aDataFolderNotYetMadeIsJudgedByTheFileSystemThatWillHoldIt() throws Exception {
        Path later = dir.resolve("not/yet");
        assertEquals(dir.toAbsolutePath(), DiskSpaceCheck.nearestExisting(later).orElseThrow());
        assertEquals(Verdict.PASS, new DiskSpaceCheck(later, 0).run().verdict());
        assertTrue(Files.notExists(later), "nothing is made where the folder will be");
    }

    @Test
    void aMissingDatabaseFails() {
        CheckResult result = new DatabaseCheck(dir.resolve("terminal.db")).run();
        assertEquals(Verdict.FAIL, result.verdict());
        assertTrue(result.why().startsWith("数据库文件不存在"), result.why());
    }

    /**
     * After a corrupt terminal.db was quarantined (renamed {@code terminal.db.corrupt-<time>}),
     * the self-test names the quarantined file and that no new database will be made (1965), as
     * every command that writes does: "数据库文件不存在" alone read as a box never set up, and
     * the technician's next step would have been to start it anew beside the unsent claims.
     */
    @Test
    void aQuarantinedDatabaseIsNamedNotReportedMissing() throws Exception {
        Path quarantined = dir.resolve("terminal.db.corrupt-20261208081857");
        byte[] junk = "the claims inside may not be uploaded yet".repeat(50).getBytes();
        Files.write(quarantined, junk);
        Files.write(dir.resolve("voucher-nonces.db.corrupt-1"), new byte[] {1}); // another store's: not this one's
        CheckResult result = new DatabaseCheck(dir.resolve("terminal.db")).run();
        assertEquals(Verdict.FAIL, result.verdict());
        assertTrue(result.why().startsWith("1965 数据库曾被隔离，未新建数据库："), result.why());
        assertTrue(result.why().contains(quarantined.toString()), result.why());
        assertTrue(!result.why().contains("voucher-nonces"), result.why());
        assertArrayEquals(junk, Files.readAllBytes(quarantined), "the quarantined file is not touched");
        assertTrue(Files.notExists(dir.resolve("terminal.db")), "no database is made");
    }

    @Test
    void aSoundDatabasePasses() throws Exception {
        Path file = dir.resolve("terminal.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(x)");
            s.execute("INSERT INTO t VALUES (1)");
        }
        CheckResult result = new DatabaseCheck(file).run();
        assertEquals(Verdict.PASS, result.verdict(), result.why());
        assertEquals("integrity_check ok: terminal.db", result.why());
    }

    @Test
    void aFileThatIsNotADatabaseFailsAndIsLeftAsItIs() throws Exception {
        Path file = dir.resolve("terminal.db");
        byte[] junk = "this is not a SQLite database, only some text long enough to be read".repeat(100).getBytes();
        Files.write(file, junk);
        CheckResult result = new DatabaseCheck(file).run();
        assertEquals(Verdict.FAIL, result.verdict());
        assertTrue(result.why().startsWith("数据库"), result.why());
        assertArrayEquals(junk, Files.readAllBytes(file), "the file is not touched");
    }

    /**
     * A database SQLite opens and reads but whose integrity_check finds damage (an index that no
     * longer matches its table, as a torn write can leave one) fails naming what is wrong, and
     * the file is left as it is for the service's own open to quarantine.
     */
    @Test
    void aDatabaseWhoseIntegrityCheckFindsDamageFailsAndIsLeftAsItIs() throws Exception {
        Path file = dir.resolve("terminal.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(x, y)");
            s.execute("CREATE INDEX i ON t(x)");
            for (int n = 1; n <= 20; n++) s.execute("INSERT INTO t VALUES (" + n + ", " + (100 - n) + ")");
            s.execute("PRAGMA writable_schema = ON");
            s.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX i ON t(y)' WHERE name = 'i'");
        }
        byte[] before = Files.readAllBytes(file);
        CheckResult result = new DatabaseCheck(file).run();
        assertEquals(Verdict.FAIL, result.verdict());
        assertTrue(result.why().startsWith("数据库损坏 (integrity_check): "), result.why());
        assertTrue(result.why().contains("index i"), result.why());
        assertArrayEquals(before, Files.readAllBytes(file), "the file is not touched");
    }
}
