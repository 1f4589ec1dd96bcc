package org.yibao.terminal.identity.voucher.sqlite;

import org.yibao.terminal.identity.voucher.ReplayStoreException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replay store on a real SQLite file. */
class SqliteReplayStoreTest {
    @TempDir Path dir;

    @Test void firstUseThenReplay() {
        try (SqliteReplayStore store = SqliteReplayStore.open(dir)) {
            assertTrue(store.firstUse("nonce-0000000001", 1_000, 30, 900));
            assertFalse(store.firstUse("nonce-0000000001", 1_000, 30, 901));
            assertTrue(store.firstUse("nonce-0000000002", 1_000, 30, 901));
        }
    }

    @Test void survivesARestart() {
        try (SqliteReplayStore store = SqliteReplayStore.open(dir)) {
            assertTrue(store.firstUse("nonce-restart-01", 1_000, 30, 900));
        }
        try (SqliteReplayStore reopened = SqliteReplayStore.open(dir)) {
            assertFalse(reopened.firstUse("nonce-restart-01", 1_000, 30, 950));
        }
    }

    @Test void forgetsANonceOnlyAfterExpPlusTheLargestSkew() throws SQLException {
        try (SqliteReplayStore store = SqliteReplayStore.open(dir)) {
            assertTrue(store.firstUse("nonce-forget-001", 1_000, 30, 900));
            assertTrue(store.firstUse("nonce-other-0001", 9_000, 30, 1_000 + 3_600));
            assertEquals(2, rows(), "kept up to exp + 3600 s, the largest skew a verifier accepts");
            assertTrue(store.firstUse("nonce-other-0002", 9_000, 30, 1_000 + 3_601));
            assertEquals(List.of("nonce-other-0001", "nonce-other-0002"), nonces(), "forgotten after exp + 3600 s");
            assertTrue(store.firstUse("nonce-forget-001", 1_000, 30, 1_000 + 3_601), "a forgotten nonce is new again");
        }
    }

    /**
     * Spec §1 step 4: the nonce was never accepted before. A voucher accepted with a skew of 30 s
     * is still a replay when the skew is raised (the configuration's {@code voucher.skew_s}, read
     * at the next start) to 60 s, even after another scan came past its exp + 30 s.
     */
    @Test void aNonceStaysAReplayWhenTheSkewIsRaised() {
        try (SqliteReplayStore store = SqliteReplayStore.open(dir)) {
            assertTrue(store.firstUse("nonce-skew-raise1", 1_000, 30, 1_025));
            assertTrue(store.firstUse("nonce-skew-other1", 1_300, 30, 1_040));
        }
        try (SqliteReplayStore restarted = SqliteReplayStore.open(dir)) {
            assertTrue(restarted.seen("nonce-skew-raise1", 60, 1_045), "accepted at 1025, so seen before at 1045");
            assertFalse(restarted.firstUse("nonce-skew-raise1", 1_000, 60, 1_045), "a replay, not a first use");
        }
    }

    /**
     * A store written by a build from before 2026-12-06, which forgot a nonce once exp + its own
     * skew had passed: a voucher accepted there and forgotten before the update is still a
     * replay after it, with a skew raised in the same update (the case the longer keeping was
     * made for, on a terminal updated in the field).
     */
    @Test void aNonceAnOlderBuildForgotStaysAReplayAfterTheUpdate() throws Exception {
        // The older build's file: it accepted nonce-older-build at 1025 (exp 1120) and, at a
        // scan at 1200 with its skew of 30 s, deleted it (exp < 1200 - 30).
        unmarkedFile("INSERT INTO used_nonce VALUES ('nonce-older-other', 1320, 1200)");
        try (SqliteReplayStore updated = SqliteReplayStore.open(dir)) {
            assertFalse(updated.firstUse("nonce-older-build", 1_120, 3_600, 1_210),
                    "accepted and forgotten by the older build: a replay, not a first use");
            assertTrue(updated.firstUse("nonce-after-updt", 1_500, 3_600, 1_215), "a voucher still valid is new");
        }
        try (SqliteReplayStore restarted = SqliteReplayStore.open(dir)) {
            assertFalse(restarted.firstUse("nonce-older-build", 1_120, 3_600, 1_220), "still after a restart");
        }
    }

    /**
     * Review of 2026-12-06: a power cut after the replacement of a quarantined store was created
     * (its tables made) but before its marks were written leaves a file with no mark beside the
     * quarantined copy. The next start takes it for an older build's file and guards only the
     * vouchers expired by its first use, not those that could have been accepted in the lost store.
     */
    @Test void aQuarantinedStoresReplacementCutBeforeItsMarksStaysGuarded() throws Exception {
        Files.write(dir.resolve(SqliteReplayStore.FILE_NAME + ".corrupt-1"), "junk bytes".repeat(100).getBytes());
        unmarkedFile("CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
        try (SqliteReplayStore replacement = SqliteReplayStore.open(dir)) {
            assertFalse(replacement.firstUse("used-before-the-loss", 1_230, 30, 900),
                    "exp 1230 <= 900 + 300 + 30: may have been accepted in the quarantined store");
        }
    }

    /** A nonce file with the table of nonces and no mark of this build, then {@code sql} run on it. */
    private void unmarkedFile(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteReplayStore.FILE_NAME));
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE used_nonce (nonce TEXT PRIMARY KEY, exp INTEGER NOT NULL,"
                    + " used_at INTEGER NOT NULL) WITHOUT ROWID");
            st.execute(sql);
        }
    }

    @Test void concurrentClaimsOfOneNonceHaveOneWinner() throws Exception {
        try (SqliteReplayStore store = SqliteReplayStore.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<Boolean>> claims = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    claims.add(() -> store.firstUse("nonce-contended1", 1_000, 30, 900));
                }
                int winners = 0;
                for (Future<Boolean> result : pool.invokeAll(claims)) {
                    winners += result.get() ? 1 : 0;
                }
                assertEquals(1, winners);
            } finally {
                pool.shutdown();
            }
        }
    }

    /**
     * A corrupt file is quarantined, never deleted, and a new store begins at once: the terminal
     * does not stop over nonces that expire within minutes. The new store has lost the nonces
     * accepted before, so a voucher that could have been accepted then (issued by its first use +
     * skew, so expiring by then + 300 s + skew) is refused as a replay (1519: the patient refreshes
     * the code), also after a restart; one issued later is accepted. Before, the start was refused
     * and the next start's empty store accepted such a voucher a second time. A store made where
     * nothing was lost has no guard.
     */
    @Test void aCorruptFileIsQuarantinedAndTheNewStoreRefusesWhatItMayHaveForgotten() throws Exception {
        Path file = dir.resolve(SqliteReplayStore.FILE_NAME);
        byte[] junk = "this is not an SQLite database, just junk bytes".repeat(100).getBytes();
        Files.write(file, junk);
        try (SqliteReplayStore fresh = SqliteReplayStore.open(dir)) {
            Path quarantined = dir.resolve(SqliteReplayStore.FILE_NAME + ".corrupt-1");
            assertTrue(Files.exists(quarantined));
            assertEquals(junk.length, Files.size(quarantined));
            assertFalse(fresh.firstUse("used-before-the-loss", 1_230, 30, 900), "exp 1230 <= 900 + 300 + 30");
            assertTrue(fresh.firstUse("issued-after", 1_231, 30, 901));
        }
        try (SqliteReplayStore reopened = SqliteReplayStore.open(dir)) {
            assertFalse(reopened.firstUse("another-before", 1_100, 30, 950), "the guard survives a restart");
            assertTrue(reopened.firstUse("later", 1_400, 30, 1_200));
        }
        try (SqliteReplayStore elsewhere = SqliteReplayStore.open(dir.resolve("new"))) {
            assertTrue(elsewhere.firstUse("first-ever", 1_000, 30, 900), "nothing was lost here");
        }
    }

    /**
     * A commit refused with SQLITE_FULL (the data folder's disk full; seen on a full tmpfs under
     * {@code terminal run}) is rolled back by SQLite itself, behind the JDBC driver's back. Once
     * the disk has room again the store must work: before, every later voucher was refused 1522
     * ("cannot rollback - no transaction is active") until the service restarted.
     */
    @Test void aTransactionSqliteEndedItselfDoesNotWedgeTheStore() throws Exception {
        try (SqliteReplayStore store = SqliteReplayStore.open(dir)) {
            assertTrue(store.firstUse("nonce-before-full", 1_000, 30, 900));
            endTransactionAsSqliteDoesOnAFailedCommit(store);
            try {
                store.firstUse("nonce-during-full", 1_000, 30, 901);
            } catch (ReplayStoreException refusedWhileFull) {
                // the one write the full disk refused may fail; the ones after it must not
            }
            assertTrue(store.firstUse("nonce-after-freed", 1_000, 30, 902), "a new voucher once the disk has room");
            assertTrue(store.seen("nonce-before-full", 30, 902));
            assertFalse(store.firstUse("nonce-after-freed", 1_000, 30, 903), "still refused as a replay");
        }
    }

    /** Ends the store connection's open transaction, if any, the way SQLite's automatic rollback does. */
    private static void endTransactionAsSqliteDoesOnAFailedCommit(SqliteReplayStore store) throws Exception {
        java.lang.reflect.Field field = SqliteReplayStore.class.getDeclaredField("db");
        field.setAccessible(true);
        Connection db = (Connection) field.get(store);
        try (java.sql.Statement st = db.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException noTransactionOpen) {
            // nothing open between calls: nothing for SQLite to end
        }
    }

    private int rows() throws SQLException {
        return nonces().size();
    }

    private List<String> nonces() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteReplayStore.FILE_NAME));
             ResultSet rs = db.createStatement().executeQuery("SELECT nonce FROM used_nonce ORDER BY nonce")) {
            List<String> nonces = new ArrayList<>();
            while (rs.next()) {
                nonces.add(rs.getString(1));
            }
            return nonces;
        }
    }
}
