package org.yibao.outbox.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One SQLite database file with its single writer connection.
 *
 * <p>Promises: the file is opened in WAL mode with {@code synchronous=FULL}, foreign keys on, a
 * busy timeout and a {@code journal_size_limit} ({@link #JOURNAL_SIZE_LIMIT_BYTES}: a -wal that one
 * large transaction grew is cut back once SQLite starts it again); {@code PRAGMA quick_check} passes before {@link #open(Path)} returns; a file
 * that is corrupt or not a database is renamed aside (with its -wal / -shm) and reported with a
 * {@link CorruptDatabaseException} carrying the new path - it is never deleted and never
 * silently replaced: while such a quarantined copy ({@code <name>.corrupt-…}) lies beside an
 * absent or empty file, {@link #open(Path)} creates no new database there and throws a
 * {@link QuarantinedDatabaseException} instead. {@link #inTransaction(SqlWork)} runs work under {@code BEGIN IMMEDIATE}
 * and commits it all or rolls it all back; calls are serialised, and a nested call joins the
 * outer transaction. {@link #readCommitted(SqlWork)} reads on a second, query-only connection
 * (opened on first use), which sees only committed data and never waits for the writer: in WAL
 * a reader does not block on a transaction that is busy committing.
 *
 * <p>{@link #openReadOnly(Path)} is for commands that only read a file someone named: it never
 * creates, migrates, writes or quarantines, and leaves no -wal / -shm of its own beside the file;
 * every write through it fails with {@code SQLITE_READONLY}.
 *
 * <p>A SQLite failure of the file itself (another process holding it busy, read-only, corrupt,
 * full, …) leaves {@link #inTransaction}, {@link #inSharedCommit}, {@link #inTransactionSyncedLater},
 * {@link #read} and {@link #readCommitted} as a {@link DatabaseFileException} naming the file,
 * with SQLite's result code; a statement's own failure (a constraint, say) as SQLite threw it.
 */
public final class SqliteDatabase implements AutoCloseable {

    /** How long a writer waits for another process's lock before SQLITE_BUSY. */
    public static final int BUSY_TIMEOUT_MS = 5_000;

    /**
     * The size a -wal is cut back to when SQLite starts it again after a checkpoint: without a
     * limit it keeps the size of the largest transaction since the database was opened (a replaced
     * catalogue, a long purge) for as long as the service runs. Twice the automatic checkpoint's
     * 1,000 pages of 4 KiB, so the steady state of small commits is never cut.
     */
    public static final long JOURNAL_SIZE_LIMIT_BYTES = 8L << 20;

    private final Path file;
    /** The JDBC URL of a read-only database (its reader connects the same way); null when writable. */
    private final String readOnlyUrl;
    private final Connection connection;
    private final ReentrantLock writer = new ReentrantLock();
    private final SharedCommits shared = new SharedCommits();
    /** The thread inside {@link #inTransaction}; read and written only while holding {@link #writer}. */
    private Thread transactionOwner;
    private final ReentrantLock readerLock = new ReentrantLock();
    /** The query-only connection of {@link #readCommitted}; guarded by {@link #readerLock}. */
    private Connection reader;
    /** Set once {@link #close()} ran; guarded by {@link #readerLock}. */
    private boolean closed;

    private SqliteDatabase(Path file, String readOnlyUrl, Connection connection) {
        this.file = file;
        this.readOnlyUrl = readOnlyUrl;
        this.connection = connection;
    }

    /**
     * Opens (creating if absent, unless a quarantined copy lies beside it) the database at
     * {@code file}; see the class promises.
     *
     * @throws CorruptDatabaseException the file was corrupt or unreadable and has just been quarantined
     * @throws QuarantinedDatabaseException there is no database at {@code file}, and a quarantined copy beside it
     * @throws DatabaseOpenException SQLite could not open it for another reason (read-only, no permission, …)
     */
    public static SqliteDatabase open(Path file) {
        return open(file, Clock.systemDefaultZone());
    }

    /** As {@link #open(Path)}, with the clock that stamps a quarantined file's name. */
    public static SqliteDatabase open(Path file, Clock clock) {
        Path absolute = file.toAbsolutePath();
        createParents(absolute);
        refuseNewBesideQuarantined(absolute);
        if (Files.exists(absolute) && !Files.isReadable(absolute)) {
            throw quarantine(absolute, clock, "file is not readable", null);
        }
        try {
            Quarantine.guard(absolute);
        } catch (UncheckedIOException e) {
            throw new DatabaseOpenException(absolute, e.getCause()); // e.g. a read-only folder: no link can be made
        }
        Connection connection = null;
        try {
            connection = connect(absolute);
            List<String> problems = quickCheck(connection);
            if (!problems.isEmpty()) {
                closeQuietly(connection);
                throw quarantine(absolute, clock, "quick_check: " + String.join("; ", problems), null);
            }
            applyPragmas(connection);
            Quarantine.release(absolute);
            return new SqliteDatabase(absolute, null, connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            if (isCorruption(e)) {
                throw quarantine(absolute, clock, e.getMessage(), e);
            }
            Quarantine.release(absolute);
            throw new DatabaseOpenException(absolute, e);
        }
    }

    /**
     * Opens the existing database at {@code file} for reading only. Nothing is created (not the
     * file, its folder, a table, nor a -wal / -shm of its own), nothing is migrated or written,
     * and a file that is not a database is reported, never moved aside: this is for a command
     * pointed at a path a person typed. While a -wal or -journal lies beside the file (a writer
     * has it open, or stopped mid-way) it is read with SQLite's {@code mode=ro} through those
     * companions, so committed data in the WAL is seen; otherwise as {@code immutable=1} (no
     * locks, no companions). Every write fails with {@code SQLITE_READONLY}.
     *
     * @throws UncheckedIOException with a {@link NoSuchFileException} when there is no such regular file
     * @throws SQLException when SQLite cannot read it ({@code SQLITE_NOTADB} for a file that is not a database)
     */
    public static SqliteDatabase openReadOnly(Path file) throws SQLException {
        Path absolute = file.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new UncheckedIOException(new NoSuchFileException(absolute.toString(), null, "no database file"));
        }
        boolean companions = Files.exists(Quarantine.sibling(absolute, "-wal")) || Files.exists(Quarantine.sibling(absolute, "-journal"));
        String url = "jdbc:sqlite:" + absolute.toUri() + (companions ? "?mode=ro" : "?mode=ro&immutable=1");
        Connection connection = connectReadOnly(url);
        try (Statement statement = connection.createStatement();
             ResultSet header = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
            header.next(); // reads page 1: a file that is not a database fails here, not at the first query
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
        return new SqliteDatabase(absolute, url, connection);
    }

    /**
     * The quarantined copies of the database {@code file} ({@code <name>.corrupt-…} beside it, with
     * their companions), sorted by name: for a command that only reads, to say why there is no
     * database rather than that there never was one.
     */
    public static List<Path> quarantinedCopies(Path file) {
        return Quarantine.quarantinedCopies(file.toAbsolutePath());
    }

    /** The absolute path of the database file. */
    public Path file() {
        return file;
    }

    /**
     * The single writer connection, in auto-commit mode outside {@link #inTransaction}. Use it
     * for work inside {@code inTransaction}; do not close it or change its auto-commit flag.
     */
    public Connection connection() {
        return connection;
    }

    /**
     * Runs {@code work} in one {@code BEGIN IMMEDIATE ... COMMIT} transaction and returns its
     * result; any exception rolls everything back and is rethrown. A call made from inside
     * another {@code inTransaction} on the same thread joins that transaction.
     */
    public <T> T inTransaction(SqlWork<T> work) throws SQLException {
        try {
            return transaction(work);
        } catch (SQLException e) {
            throw named(e);
        }
    }

    private <T> T transaction(SqlWork<T> work) throws SQLException {
        writer.lock();
        try {
            if (transactionOwner == Thread.currentThread()) {
                return work.run(connection);
            }
            execute("BEGIN IMMEDIATE");
            transactionOwner = Thread.currentThread();
            try {
                T result = work.run(connection);
                execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(e);
                throw e;
            } finally {
                transactionOwner = null;
            }
        } finally {
            writer.unlock();
        }
    }

    /**
     * As {@link #inTransaction}, durable, but the commit may be shared: work from callers that
     * arrive while another commit is under way runs in the next transaction together, each piece
     * in its own savepoint, and one fsync makes them all durable (group commit; see
     * {@link SharedCommits}). An exception from {@code work} undoes only its own writes and is
     * rethrown here; a failed commit fails every piece of its group. {@code work} may run on
     * another caller's thread and must not depend on which thread runs it. A call from inside a
     * transaction on the same thread joins that transaction.
     */
    public <T> T inSharedCommit(SqlWork<T> work) throws SQLException {
        if (inTransactionOnThisThread()) {
            return inTransaction(work);
        }
        SharedCommits.Piece<T> piece = shared.enqueue(work);
        writer.lock();
        try {
            shared.leadIfPending(piece, connection, () -> transactionOwner = Thread.currentThread(),
                    () -> transactionOwner = null);
        } finally {
            writer.unlock();
        }
        try {
            return piece.outcome();
        } catch (SQLException e) {
            throw named(e);
        }
    }

    /** How many {@link #inSharedCommit} calls wait for the next group (package-private, for tests). */
    int waitingForSharedCommit() {
        return shared.waiting();
    }

    /**
     * As {@link #inTransaction}, for bookkeeping after a promise was already kept (e.g. "this
     * receipt was printed"): the commit is atomic, but it is not fsynced on its own
     * ({@code synchronous=NORMAL} for this one commit; WAL never corrupts with it). It becomes
     * durable with the next {@code synchronous=FULL} commit, whose fsync of the WAL covers it, or
     * the next checkpoint; a power cut before then may undo it. Never for anything the terminal
     * answers or queues (settlements, claims, msgid answers). A call inside another
     * transaction on the same thread joins that transaction, fsync included.
     */
    public <T> T inTransactionSyncedLater(SqlWork<T> work) throws SQLException {
        writer.lock();
        try {
            if (transactionOwner == Thread.currentThread()) {
                return work.run(connection);
            }
            execute("PRAGMA synchronous=NORMAL");
            try {
                return inTransaction(work);
            } finally {
                execute("PRAGMA synchronous=FULL");
            }
        } catch (SQLException e) {
            throw named(e);
        } finally {
            writer.unlock();
        }
    }

    /**
     * Runs read-only {@code work} on the writer connection, serialised with transactions but
     * without opening one (each statement sees the last committed state). Inside
     * {@code inTransaction} on the same thread it sees that transaction's writes.
     */
    public <T> T read(SqlWork<T> work) throws SQLException {
        writer.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw named(e);
        } finally {
            writer.unlock();
        }
    }

    /**
     * Runs read-only {@code work} on the query-only reader connection: it sees the last committed
     * state (not the caller's open transaction) and does not wait for a writer that is committing.
     * Calls are serialised with each other, not with transactions.
     */
    public <T> T readCommitted(SqlWork<T> work) throws SQLException {
        readerLock.lock();
        try {
            if (closed) {
                throw new SQLException("database " + file + " is closed");
            }
            if (reader == null) {
                reader = readOnlyUrl == null ? openReader(file) : connectReadOnly(readOnlyUrl);
            }
            return work.run(reader);
        } catch (SQLException e) {
            throw named(e);
        } finally {
            readerLock.unlock();
        }
    }

    /** Whether the database holds a table named {@code name}. */
    public boolean hasTable(String name) throws SQLException {
        return read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
                select.setString(1, name);
                try (ResultSet found = select.executeQuery()) {
                    return found.next();
                }
            }
        });
    }

    /** Throws a {@link MissingTableException} naming those of {@code names} the database does not hold. */
    public void requireTables(String... names) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (!hasTable(name)) missing.add(name);
        }
        if (!missing.isEmpty()) throw new MissingTableException(file, missing);
    }

    /**
     * Before a transaction that may be large (a catalogue import): moves what the -wal holds into
     * the database and empties it, so that if the disk refuses that transaction the room its pages
     * took in the -wal can be handed back without copying anything (see {@link #rollback}). Best
     * effort; nothing happens inside a transaction.
     */
    public void emptyWal() {
        writer.lock();
        try {
            if (transactionOwner != null) {
                return;
            }
            execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            // a reader held on, or the disk is full already: the import then meets it as it is
        } finally {
            writer.unlock();
        }
    }

    /** Whether the current thread is inside {@link #inTransaction}. */
    public boolean inTransactionOnThisThread() {
        return transactionOwner == Thread.currentThread();
    }

    /** Closes the connection; committed data is already durable. */
    @Override
    public void close() {
        readerLock.lock();
        try {
            closed = true;
            closeQuietly(reader);
            reader = null;
        } finally {
            readerLock.unlock();
        }
        writer.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("closing " + file, e));
        } finally {
            writer.unlock();
        }
    }

    /** {@code e} as a {@link DatabaseFileException} naming the file when it is SQLite failing on the file itself. */
    private SQLException named(SQLException e) {
        if (e instanceof SQLiteException sqlite && !(e instanceof DatabaseFileException)
                && DatabaseFileException.concernsTheFile(sqlite)) {
            return new DatabaseFileException(file, sqlite);
        }
        return e;
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void rollback(Throwable cause) {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL)
            cause.addSuppressed(e);
        }
        giveBackWalSpace(connection, cause);
    }

    /**
     * After a transaction the disk refused (SQLITE_FULL) and that was rolled back: the pages it had
     * spilled into the -wal still take their room there (a refused catalogue import kept a full
     * disk full). A truncating checkpoint hands that room back; best effort, as it may find the
     * disk too full itself, or readers it must not wait for longer than the busy timeout.
     */
    static void giveBackWalSpace(Connection connection, Throwable cause) {
        if (!diskFull(cause)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static boolean diskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLiteException s && (s.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_FULL.code) {
                return true;
            }
        }
        return false;
    }

    private static Connection connect(Path file) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
        // No "SELECT last_insert_rowid()" prepared and run by the driver after every INSERT: nothing
        // here calls getGeneratedKeys (use RETURNING), and it doubled the statements an insert runs.
        properties.setProperty("jdbc.get_generated_keys", "false");
        return ReusedStatements.wrap(DriverManager.getConnection("jdbc:sqlite:" + file, properties));
    }

    private static Connection connectReadOnly(String url) throws SQLException {
        return queryOnly(DriverManager.getConnection(url));
    }

    private static Connection openReader(Path file) throws SQLException {
        return queryOnly(connect(file));
    }

    /** {@code connection} set to query-only with the busy timeout; closed when that fails. */
    private static Connection queryOnly(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA query_only=ON");
            statement.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
        return connection;
    }

    private static List<String> quickCheck(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA quick_check")) {
            while (rows.next()) {
                String row = rows.getString(1);
                if (!"ok".equalsIgnoreCase(row)) {
                    problems.add(row);
                }
            }
        }
        return problems;
    }

    private static void applyPragmas(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode=WAL")) {
                if (!mode.next() || !"wal".equalsIgnoreCase(mode.getString(1))) {
                    throw new SQLException("journal_mode=WAL refused");
                }
            }
            statement.execute("PRAGMA synchronous=FULL");
            statement.execute("PRAGMA foreign_keys=ON");
            // statement journals and savepoint sub-journals in memory, not temp files opened,
            // written and deleted inside a statement; they never serve crash recovery (the WAL does)
            statement.execute("PRAGMA temp_store=MEMORY");
            statement.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
            statement.execute("PRAGMA journal_size_limit=" + JOURNAL_SIZE_LIMIT_BYTES);
        }
    }

    private static boolean isCorruption(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            int primary = code.code & 0xff;
            return primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code;
        }
        return false;
    }

    private static CorruptDatabaseException quarantine(Path file, Clock clock, String reason, Throwable cause) {
        Path moved = Quarantine.moveAside(file, clock);
        return new CorruptDatabaseException(file, moved, reason, cause);
    }

    /**
     * Throws a {@link QuarantinedDatabaseException} when opening {@code file} would create a new
     * database (no file, or an empty one with no WAL) while a quarantined copy lies beside it.
     */
    private static void refuseNewBesideQuarantined(Path file) {
        if (holdsADatabase(file)) {
            return;
        }
        List<Path> quarantined = Quarantine.quarantinedCopies(file);
        if (!quarantined.isEmpty()) {
            throw new QuarantinedDatabaseException(file, quarantined);
        }
    }

    /** Whether {@code file} has content SQLite would open rather than start from scratch. */
    private static boolean holdsADatabase(Path file) {
        try {
            if (!Files.exists(file)) {
                return false;
            }
            if (Files.size(file) > 0) {
                return true;
            }
            Path wal = Quarantine.sibling(file, "-wal");
            return Files.exists(wal) && Files.size(wal) > 0;
        } catch (IOException e) {
            return true; // an unreadable file is not a new one: the open reports it
        }
    }

    private static void createParents(Path file) {
        Path parent = file.getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (FileAlreadyExistsException e) {
            // a file where the folder was meant (--data-dir naming a file): say that, not "exists"
            NotDirectoryException notFolder = new NotDirectoryException(e.getFile() == null ? parent.toString() : e.getFile());
            notFolder.initCause(e);
            throw new UncheckedIOException("the folder of " + file + " is a file", notFolder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + file, e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already failing; the original error is reported
            }
        }
    }
}
