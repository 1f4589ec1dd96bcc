package org.yibao.terminal.store.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.store.CompressedText;
import org.yibao.terminal.store.InstantText;
import org.yibao.terminal.store.SecureDelete;

/**
 * msgid -> (request fingerprint, response JSON), in the terminal's SQLite database, so that a
 * msgid answered once is answered the same way forever, across crashes and restarts (a 1101's
 * for the persons' retention, see {@link #PERSON_ANSWERS}). A long answer is kept compressed
 * ({@link CompressedText}), as the others are never purged.
 *
 * <p>Promises: {@link #record} writes in the caller's transaction (the settlement and its
 * answer commit together or not at all) and refuses a second answer for a msgid by throwing
 * {@link MsgidAlreadyRecordedException}, which rolls the caller's transaction back; a recorded
 * answer is never changed or deleted by this class, except the 9001 answers an older terminal
 * recorded: {@link #open} deletes them, as each holds a live sign_no in clear and a fast SHA-256
 * over the operator's password (9001 answers are no longer recorded, see the sign-in handler);
 * and the answers that moved no money and name the person, older than the persons' retention
 * ({@link #deletePersonAnswersBefore}).
 */
public final class IdempotencyStore {
    private static final String DDL = """
            CREATE TABLE IF NOT EXISTS idempotent_reply (
              msgid TEXT PRIMARY KEY, infno TEXT NOT NULL, request_sha256 TEXT NOT NULL,
              response_json TEXT NOT NULL, recorded_at TEXT NOT NULL,
              request_any_session_sha256 TEXT)""";
    /** The fingerprint without the sign_no, added 2026-12-06; older rows have none. */
    private static final String ADD_ANY_SESSION = "ALTER TABLE idempotent_reply ADD COLUMN request_any_session_sha256 TEXT";

    /** Sign-in, whose answers are never kept (its answer holds the sign_no, its request the password). */
    static final String SIGN_IN_INFNO = "9001";
    /**
     * The answers kept only for the persons' retention: they move no money and name the person
     * (1101 with the ID number; the pre-settlements 2101 and 2206 with the name). Written out, so
     * that the partial index {@link #PERSON_ANSWERS_INDEX} serves the purge (SQLite matches its
     * WHERE clause as text) and the settlements' inserts do not maintain it.
     */
    static final String PERSON_ANSWERS = "infno IN ('1101', '2101', '2206')";
    private static final String PERSON_ANSWERS_INDEX =
            "CREATE INDEX IF NOT EXISTS idempotent_reply_person_at ON idempotent_reply(recorded_at) WHERE " + PERSON_ANSWERS;

    private final SqliteDatabase database;
    private final Clock clock;

    private IdempotencyStore(SqliteDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The store in {@code database}, creating its table when missing. */
    public static IdempotencyStore open(SqliteDatabase database, Clock clock) throws SQLException {
        Objects.requireNonNull(clock, "clock");
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(DDL);
                if (!hasAnySessionColumn(connection)) statement.execute(ADD_ANY_SESSION);
                statement.execute(PERSON_ANSWERS_INDEX);
                statement.execute("DELETE FROM idempotent_reply WHERE infno = '" + SIGN_IN_INFNO + "'");
            }
            return null;
        });
        return new IdempotencyStore(database, clock);
    }

    private static boolean hasAnySessionColumn(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet columns = statement.executeQuery("SELECT 1 FROM pragma_table_info('idempotent_reply')"
                     + " WHERE name = 'request_any_session_sha256'")) {
            return columns.next();
        }
    }

    /** The answer recorded for {@code msgid}, if any. */
    public Optional<StoredReply> find(String msgid) throws SQLException {
        return database.read(connection -> find(connection, msgid));
    }

    /**
     * Records the answer to {@code msgid} on {@code inCallersTransaction}, which must be inside
     * {@link SqliteDatabase#inTransaction}. Throws {@link MsgidAlreadyRecordedException} when
     * the msgid already has an answer.
     */
    public void record(Connection inCallersTransaction, String msgid, String infno, String requestHash,
                       String anySessionHash, String responseJson) throws SQLException {
        if (!database.inTransactionOnThisThread()) {
            throw new IllegalStateException("record must run inside the caller's transaction");
        }
        if (find(inCallersTransaction, msgid).isPresent()) throw new MsgidAlreadyRecordedException(msgid);
        try (PreparedStatement insert = inCallersTransaction.prepareStatement(
                "INSERT INTO idempotent_reply(msgid, infno, request_sha256, response_json, recorded_at,"
                        + " request_any_session_sha256) VALUES (?,?,?,?,?,?)")) {
            insert.setString(1, msgid);
            insert.setString(2, infno);
            insert.setString(3, requestHash);
            CompressedText.bind(insert, 4, responseJson);
            insert.setString(5, Instant.now(clock).toString());
            insert.setString(6, anySessionHash);
            insert.executeUpdate();
        }
    }

    /**
     * Deletes up to {@code limit} answers of {@link #PERSON_ANSWERS} recorded before {@code cutoff},
     * (one within the cutoff's second is kept: {@link InstantText}), in one transaction, their
     * content overwritten ({@link SecureDelete}); returns how many. The
     * same msgid sent again afterwards is answered anew, as a new request.
     */
    public int deletePersonAnswersBefore(Instant cutoff, int limit) throws SQLException {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive: " + limit);
        return database.inTransaction(connection -> {
            try (SecureDelete overwritten = SecureDelete.on(connection);
                 PreparedStatement delete = connection.prepareStatement("DELETE FROM idempotent_reply WHERE rowid IN"
                    + " (SELECT rowid FROM idempotent_reply WHERE " + PERSON_ANSWERS + " AND recorded_at < ? LIMIT ?)")) {
                delete.setString(1, InstantText.earlierSecondsBelow(cutoff));
                delete.setInt(2, limit);
                return delete.executeUpdate();
            }
        });
    }

    private static Optional<StoredReply> find(Connection connection, String msgid) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT infno, request_sha256, request_any_session_sha256, response_json, recorded_at"
                        + " FROM idempotent_reply WHERE msgid = ?")) {
            select.setString(1, msgid);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) return Optional.empty();
                return Optional.of(new StoredReply(msgid, row.getString(1), row.getString(2),
                        Optional.ofNullable(row.getString(3)), CompressedText.read(row, 4), row.getString(5)));
            }
        }
    }
}
