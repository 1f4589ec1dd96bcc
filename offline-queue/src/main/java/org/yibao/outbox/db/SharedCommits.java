package org.yibao.outbox.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Group commit for {@link SqliteDatabase#inSharedCommit}: callers that arrive while a commit is
 * under way have their work run together in the next transaction, each in its own savepoint, so
 * one fsync makes all of them durable.
 *
 * <p>How: a caller queues its work and takes the writer lock. Whoever gets the lock first with
 * its own work still queued becomes the leader: it takes everything queued (at most
 * {@link #GROUP_MAX}; with more ahead of its own, group after group until its own is done), runs
 * each piece between {@code SAVEPOINT} and {@code RELEASE} inside one
 * {@code BEGIN IMMEDIATE ... COMMIT}, and fills in every piece's result. The others find their
 * work done when they get the lock, and return at once. No extra thread, no timer: a group is
 * whatever queued up during the previous commit.
 *
 * <p>Promises, per piece of work: its result is returned only after the transaction holding its
 * writes has committed; an exception it throws rolls back its savepoint only (the rest of the
 * group commits) and is rethrown to its own caller; when the transaction itself fails (BEGIN,
 * a savepoint that cannot be rolled back, COMMIT), every piece in the group is rolled back and
 * every caller whose work had not already failed gets that failure. Work runs on the leader's
 * thread, inside the transaction (a nested {@code inTransaction} joins it).
 */
final class SharedCommits {
    /** At most this many pieces of work share one commit (bounds the leader's extra latency). */
    static final int GROUP_MAX = 64;

    private final ConcurrentLinkedQueue<Piece<?>> queue = new ConcurrentLinkedQueue<>();

    /** A caller's work and, once run, its outcome; read and written under the writer lock. */
    static final class Piece<T> {
        private final SqlWork<T> work;
        private boolean done;
        private T value;
        private Throwable failure;

        Piece(SqlWork<T> work) {
            this.work = work;
        }

        boolean done() {
            return done;
        }

        /** The work's value, or its failure rethrown. */
        T outcome() throws SQLException {
            if (failure == null) return value;
            switch (failure) {
                case SQLException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IllegalStateException(failure);
            }
        }

        private void run(Connection connection) throws SQLException {
            value = work.run(connection);
        }

        private void fail(Throwable cause) {
            if (failure == null) failure = cause;
            value = null;
        }
    }

    /** How many pieces wait for a leader (for tests that need callers queued before they go on). */
    int waiting() {
        return queue.size();
    }

    /** Queues {@code work}; the caller must then take the writer lock and call {@link #leadIfPending}. */
    <T> Piece<T> enqueue(SqlWork<T> work) {
        Piece<T> piece = new Piece<>(work);
        queue.add(piece);
        return piece;
    }

    /**
     * Under the writer lock: until {@code own} is done, runs and commits the groups ahead of it and
     * the one that holds it (see the class promises). More than {@link #GROUP_MAX} pieces queued
     * ahead of it take more than one group: a caller never leaves with its own piece still queued.
     */
    void leadIfPending(Piece<?> own, Connection connection, Runnable enter, Runnable leave) {
        while (!own.done) {
            List<Piece<?>> group = take();
            if (group.isEmpty()) throw new IllegalStateException("a piece of work neither done nor queued");
            enter.run();
            try {
                runGroup(group, connection);
            } finally {
                leave.run();
                for (Piece<?> piece : group) piece.done = true;
            }
        }
    }

    private List<Piece<?>> take() {
        List<Piece<?>> group = new ArrayList<>();
        Piece<?> next;
        while (group.size() < GROUP_MAX && (next = queue.poll()) != null) group.add(next);
        return group;
    }

    private static void runGroup(List<Piece<?>> group, Connection connection) {
        try {
            execute(connection, "BEGIN IMMEDIATE");
        } catch (SQLException e) {
            for (Piece<?> piece : group) piece.fail(e);
            return;
        }
        Throwable broken = null;
        for (Piece<?> piece : group) {
            broken = runInSavepoint(piece, connection);
            if (broken != null) break;
        }
        if (broken == null) broken = commit(connection);
        if (broken != null) {
            rollback(connection, broken);
            for (Piece<?> piece : group) piece.fail(broken);
        }
    }

    /** Runs one piece in a savepoint; returns a failure that broke the whole transaction, or null. */
    private static Throwable runInSavepoint(Piece<?> piece, Connection connection) {
        try {
            execute(connection, "SAVEPOINT shared_commit");
        } catch (SQLException e) {
            return e;
        }
        try {
            piece.run(connection);
            execute(connection, "RELEASE shared_commit");
            return null;
        } catch (SQLException | RuntimeException | Error e) {
            piece.fail(e);
            try {
                execute(connection, "ROLLBACK TO shared_commit");
                execute(connection, "RELEASE shared_commit");
                return null;
            } catch (SQLException undo) {
                // SQLite may have ended the transaction itself (e.g. SQLITE_FULL): the group is lost
                e.addSuppressed(undo);
                return e;
            }
        }
    }

    private static Throwable commit(Connection connection) {
        try {
            execute(connection, "COMMIT");
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            execute(connection, "ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back on its own
            if (cause != e) cause.addSuppressed(e);
        }
        SqliteDatabase.giveBackWalSpace(connection, cause);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
