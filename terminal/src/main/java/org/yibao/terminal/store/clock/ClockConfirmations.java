package org.yibao.terminal.store.clock;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * The technician's latest {@link ClockConfirmation} in {@code terminal.db} (one row: only the
 * latest counts), written by {@code terminal clock confirm} while the service may be running and
 * read by the service when its clock check fails.
 */
public final class ClockConfirmations {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS clock_confirmation(
              one           INTEGER PRIMARY KEY CHECK (one = 1),
              confirmed_at  INTEGER NOT NULL,
              ignored_up_to INTEGER NOT NULL)""";

    private final SqliteDatabase database;

    private ClockConfirmations(SqliteDatabase database) {
        this.database = database;
    }

    /** Opens the store, creating its table when missing. */
    public static ClockConfirmations open(SqliteDatabase database) throws SQLException {
        Objects.requireNonNull(database, "database");
        database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(SCHEMA);
            }
            return null;
        });
        return new ClockConfirmations(database);
    }

    /** The store in a database that may be read-only or older than this table (then it holds no confirmation). */
    public static ClockConfirmations existing(SqliteDatabase database) {
        return new ClockConfirmations(Objects.requireNonNull(database, "database"));
    }

    /** The latest confirmation, if a technician ever made one. */
    public Optional<ClockConfirmation> latest() throws SQLException {
        return database.read(c -> {
            try (PreparedStatement table = c.prepareStatement(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'clock_confirmation'");
                 ResultSet exists = table.executeQuery()) {
                if (!exists.next()) return Optional.<ClockConfirmation>empty();
            }
            try (PreparedStatement select = c.prepareStatement("SELECT confirmed_at, ignored_up_to FROM clock_confirmation");
                 ResultSet r = select.executeQuery()) {
                return r.next()
                        ? Optional.of(new ClockConfirmation(Instant.ofEpochMilli(r.getLong(1)), Instant.ofEpochMilli(r.getLong(2))))
                        : Optional.empty();
            }
        });
    }

    /** Records {@code confirmation} in place of any earlier one (durable when this returns). */
    public void record(ClockConfirmation confirmation) throws SQLException {
        database.inTransaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement(
                    "INSERT OR REPLACE INTO clock_confirmation(one, confirmed_at, ignored_up_to) VALUES (1, ?, ?)")) {
                upsert.setLong(1, confirmation.confirmedAt().toEpochMilli());
                upsert.setLong(2, confirmation.ignoredUpTo().toEpochMilli());
                upsert.executeUpdate();
            }
            return null;
        });
    }
}
