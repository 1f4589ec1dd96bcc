package org.yibao.outbox.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of work run on the database's writer connection, inside a transaction opened by
 * {@link SqliteDatabase#inTransaction(SqlWork)}. Any exception it throws rolls the whole
 * transaction back.
 *
 * @param <T> what the work returns to the caller
 */
@FunctionalInterface
public interface SqlWork<T> {

    /** Runs the work on {@code connection}; must not commit, roll back or close it. */
    T run(Connection connection) throws SQLException;
}
