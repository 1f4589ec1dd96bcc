package org.yibao.terminal.identity.voucher.sqlite;

import org.slf4j.Logger;
import org.yibao.terminal.identity.voucher.ReplayStore;
import org.yibao.terminal.identity.voucher.ReplayStoreException;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.identity.voucher.TimeWindow;
import org.yibao.terminal.store.StorageFailures;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The replay store of a terminal: one small SQLite file, {@value #FILE_NAME}, in the state
 * directory (WAL, synchronous=FULL, so an accepted nonce survives a power cut). A file that
 * SQLite finds corrupt is quarantined (renamed, never deleted) and logged as an error, and an
 * empty store begins in its place. That store has lost the nonces of the vouchers accepted
 * before, so it refuses as replays (1519, the patient refreshes the code) every voucher that could
 * have been accepted then: from its first use at {@code now}, those expiring by
 * {@code now + 300 s + skew} (a voucher accepted before was issued by then + skew, and lives 300 s
 * at most). A store written by a build from before 2026-12-06 forgot a nonce once exp + the skew
 * of its day had passed, so with a skew raised since it may accept a voucher used before the
 * update: at its first use after the update it refuses as replays those that expired by then
 * (a voucher it forgot expired before that first use). Safe for several threads; one process at
 * a time per state directory ({@link StoreLock}).
 */
public final class SqliteReplayStore implements ReplayStore {
    public static final String FILE_NAME = "voucher-nonces.db";
    private static final Logger LOG = LoggerFactory.getLogger(SqliteReplayStore.class);
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS used_nonce (
              nonce   TEXT    PRIMARY KEY,
              exp     INTEGER NOT NULL,
              used_at INTEGER NOT NULL
            ) WITHOUT ROWID""";
    private static final String INDEX = "CREATE INDEX IF NOT EXISTS used_nonce_exp ON used_nonce(exp)";
    /** {@code lost_before_first_use}: made beside a quarantined store; {@code refuse_exp_to}: the guard it became. */
    private static final String META = "CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)";
    private static final String LOST = "lost_before_first_use";
    private static final String GUARD = "refuse_exp_to";
    /** Present in a store that has always kept nonces until exp + {@link TimeWindow#MAX_SKEW_S}. */
    private static final String KEEPS = "keeps_to_max_skew";

    private final Connection db;
    /** Held while the store is open: one process per store. */
    private final StoreLock lock;
    private final PreparedStatement forget;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    /** Vouchers expiring at or before this (epoch s) are refused as replays; see the class comment. */
    private long refuseExpTo;
    /** A store made beside a quarantined one whose guard is set at its first use. */
    private boolean lostBeforeFirstUse;
    /** A store an older build wrote, which kept nonces only until exp + its skew. */
    private boolean keptShorterBefore;

    private SqliteReplayStore(Connection db, StoreLock lock, boolean besideQuarantined) throws SQLException {
        this.db = db;
        this.lock = lock;
        this.refuseExpTo = meta(db, GUARD).orElse(Long.MIN_VALUE);
        this.keptShorterBefore = meta(db, KEEPS).isEmpty();
        // A file without its marks beside a quarantined copy may be that copy's replacement, cut
        // off (a power cut) before its marks were written: guarded as one.
        this.lostBeforeFirstUse = meta(db, LOST).isPresent() || (keptShorterBefore && besideQuarantined);
        this.forget = db.prepareStatement("DELETE FROM used_nonce WHERE exp < ?");
        this.insert = db.prepareStatement(
                "INSERT INTO used_nonce(nonce, exp, used_at) VALUES (?, ?, ?) ON CONFLICT(nonce) DO NOTHING");
        this.select = db.prepareStatement("SELECT 1 FROM used_nonce WHERE nonce = ? AND exp >= ?");
    }

    /**
     * Opens (creating when absent) the store in {@code stateDir}. A file found corrupt is
     * quarantined, logged as an error naming both files, and a new store is begun in its place
     * with the guard the class comment describes: a terminal does not stop taking cards, ID
     * numbers (and, minutes later, vouchers) over nonces that expire within five minutes.
     */
    public static SqliteReplayStore open(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new ReplayStoreException("cannot create state directory " + stateDir, e);
        }
        StoreLock lock = StoreLock.take(file);
        try {
            Optional<SqliteReplayStore> store = openFile(file, lock);
            return store.isPresent() ? store.get() // else quarantined: a new store, guarded
                    : openFile(file, lock).orElseThrow(() -> new ReplayStoreException("电子凭证防重放库新建后即损坏：" + file, null));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The store in {@code file}; empty when the file was corrupt and is quarantined now. */
    private static Optional<SqliteReplayStore> openFile(Path file, StoreLock lock) {
        boolean existed = Files.exists(file);
        Connection db = null;
        try {
            db = connect(file);
            prepare(db);
            boolean besideQuarantined = !SqliteDatabase.quarantinedCopies(file).isEmpty();
            if (!existed) {
                try (Statement st = db.createStatement()) { // both marks or neither
                    st.execute("BEGIN IMMEDIATE");
                    st.execute("INSERT OR IGNORE INTO store_meta(key, value) VALUES ('" + KEEPS + "', 1)");
                    if (besideQuarantined) {
                        st.execute("INSERT OR IGNORE INTO store_meta(key, value) VALUES ('" + LOST + "', 1)");
                    }
                    st.execute("COMMIT");
                }
            }
            return Optional.of(new SqliteReplayStore(db, lock, besideQuarantined));
        } catch (SQLException e) {
            closeQuietly(db);
            if (!corrupt(e) || !Files.exists(file)) throw new ReplayStoreException("电子凭证防重放库无法打开：" + file, e);
            Path quarantine = quarantine(file);
            LOG.error("电子凭证防重放库已损坏，已改名隔离保存为 {}，未删除；已新建空库，此前五分钟内签发的电子凭证按已使用拒绝（1519）"
                    + " / replay store {} was corrupt ({}); moved to {}; a new, guarded store begins", quarantine, file, e.getMessage(), quarantine);
            return Optional.empty();
        }
    }

    @Override public synchronized boolean firstUse(String nonce, long exp, long skewS, long now) {
        if (lostBefore(exp, skewS, now)) return false;
        try {
            execute("BEGIN IMMEDIATE");
            // Forgotten only when no skew a verifier may be configured with could accept its
            // voucher again: a skew raised between two scans (a new configuration, a restart)
            // must not make an accepted voucher new again.
            forget.setLong(1, now - TimeWindow.MAX_SKEW_S);
            forget.executeUpdate();
            insert.setString(1, nonce);
            insert.setLong(2, exp);
            insert.setLong(3, now);
            boolean first = insert.executeUpdate() == 1;
            execute("COMMIT");
            return first;
        } catch (SQLException e) {
            rollbackQuietly();
            throw writeFailed(e);
        }
    }

    private static ReplayStoreException writeFailed(SQLException e) {
        return new ReplayStoreException("replay store write failed", e, StorageFailures.isDatabaseFull(e));
    }

    @Override public synchronized boolean seen(String nonce, long skewS, long now) {
        try {
            select.setString(1, nonce);
            select.setLong(2, now - skewS);
            boolean seen;
            try (ResultSet r = select.executeQuery()) { // autocommit: the read's own transaction
                seen = r.next();
            }
            return seen;
        } catch (SQLException e) {
            throw new ReplayStoreException("replay store read failed", e);
        }
    }

    @Override public synchronized void close() {
        closeQuietly(db);
        lock.close();
    }

    private static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    private static void prepare(Connection db) throws SQLException {
        try (Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
                String result = rs.next() ? rs.getString(1) : "no answer";
                if (!"ok".equals(result)) {
                    throw new SQLiteException("quick_check: " + result, SQLiteErrorCode.SQLITE_CORRUPT);
                }
            }
            st.execute(SCHEMA);
            st.execute(INDEX);
            st.execute(META);
        }
        // Autocommit, with each write in its own BEGIN IMMEDIATE ... COMMIT: a commit SQLite
        // refuses and rolls back itself (SQLITE_FULL on a full disk) leaves no transaction the
        // driver believes open, so the store works again once the disk has room.
    }

    /**
     * Whether a voucher expiring at {@code exp} might have been accepted by the quarantined store
     * this one replaced. The first use after such a replacement sets the guard, durably.
     */
    private boolean lostBefore(long exp, long skewS, long now) {
        if (lostBeforeFirstUse || keptShorterBefore) {
            // A store that may have forgotten nonces: a quarantined one's replacement those of any
            // voucher still acceptable now, an older build's those of vouchers expired by now.
            long guard = Math.max(refuseExpTo, lostBeforeFirstUse ? now + TimeWindow.MAX_LIFETIME_S + skewS : now);
            try {
                execute("BEGIN IMMEDIATE");
                execute("INSERT OR REPLACE INTO store_meta(key, value) VALUES ('" + GUARD + "', " + guard + ")");
                execute("DELETE FROM store_meta WHERE key = '" + LOST + "'");
                execute("INSERT OR REPLACE INTO store_meta(key, value) VALUES ('" + KEEPS + "', 1)");
                execute("COMMIT");
            } catch (SQLException e) {
                rollbackQuietly();
                throw writeFailed(e);
            }
            refuseExpTo = guard;
            lostBeforeFirstUse = false;
            keptShorterBefore = false;
            LOG.warn("a replay store that may have forgotten nonces (a quarantined store's replacement, or one an"
                    + " older build kept): vouchers expiring by {} are refused as replays", guard);
        }
        return exp <= refuseExpTo;
    }

    private static Optional<Long> meta(Connection db, String key) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT value FROM store_meta WHERE key = ?")) {
            p.setString(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute(sql);
        }
    }



    private static boolean corrupt(SQLException e) {
        return e instanceof SQLiteException s
                && (s.getResultCode() == SQLiteErrorCode.SQLITE_CORRUPT
                || s.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB);
    }

    /** Renames the file and its WAL/SHM beside it to the first free {@code .corrupt-N} name. */
    private static Path quarantine(Path file) {
        for (int n = 1; ; n++) {
            Path target = file.resolveSibling(file.getFileName() + ".corrupt-" + n);
            if (Files.exists(target)) {
                continue;
            }
            try {
                Files.move(file, target);
                for (String suffix : new String[] {"-wal", "-shm"}) {
                    Path side = file.resolveSibling(file.getFileName() + suffix);
                    if (Files.exists(side)) {
                        Files.move(side, target.resolveSibling(target.getFileName() + suffix));
                    }
                }
                return target;
            } catch (IOException moveFailed) {
                throw new ReplayStoreException("cannot quarantine corrupt replay store " + file, moveFailed);
            }
        }
    }

    /** Ends a failed write's transaction; none is open when SQLite already rolled it back. */
    private void rollbackQuietly() {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            LOG.debug("replay store rollback: {}", e.getMessage());
        }
    }

    private static void closeQuietly(Connection db) {
        if (db == null) {
            return;
        }
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("replay store close failed: {}", e.getMessage());
        }
    }
}
