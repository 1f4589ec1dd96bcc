package org.yibao.outbox.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database's connections reuse prepared statements without callers noticing. */
class ReusedStatementsTest {

    private static final String SELECT = "SELECT x FROM t WHERE x >= ? ORDER BY x";

    @TempDir
    Path dir;

    @Test
    void aClosedStatementIsHandedOutAgainWithItsParametersCleared() throws Exception {
        try (SqliteDatabase db = open()) {
            Connection c = db.connection();
            PreparedStatement first;
            try (PreparedStatement p = c.prepareStatement(SELECT)) {
                first = p;
                p.setInt(1, 2);
                assertEquals("2,3", rows(p));
            }
            assertTrue(first.isClosed(), "closed for the caller that closed it");
            try (PreparedStatement p = c.prepareStatement(SELECT)) {
                assertSame(first, p, "the same statement, prepared once");
                assertFalse(p.isClosed());
                p.setInt(1, 3);
                assertEquals("3", rows(p));
            }
        }
    }

    @Test
    void aStatementStillInUseIsNeverHandedOutTwice() throws Exception {
        try (SqliteDatabase db = open()) {
            Connection c = db.connection();
            try (PreparedStatement outer = c.prepareStatement(SELECT)) {
                outer.setInt(1, 1);
                try (ResultSet iterating = outer.executeQuery()) {
                    assertTrue(iterating.next());
                    try (PreparedStatement inner = c.prepareStatement(SELECT)) {
                        assertNotSame(outer, inner);
                        inner.setInt(1, 3);
                        assertEquals("3", rows(inner));
                    }
                    StringBuilder rest = new StringBuilder().append(iterating.getInt(1));
                    while (iterating.next()) rest.append(',').append(iterating.getInt(1));
                    assertEquals("1,2,3", rest.toString(), "the outer iteration was not disturbed");
                }
            }
        }
    }

    @Test
    void aResultSetLeftOpenIsClosedWhenTheStatementIsGivenBackSoTheWriterIsNotHeldUp() throws Exception {
        try (SqliteDatabase db = open()) {
            Connection c = db.connection();
            try (PreparedStatement p = c.prepareStatement(SELECT)) {
                p.setInt(1, 1);
                ResultSet forgotten = p.executeQuery();
                assertTrue(forgotten.next());
            }
            // an active statement would keep the read transaction open and block a checkpoint
            db.inTransaction(tx -> exec(tx, "INSERT INTO t VALUES (4)"));
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                assertTrue(r.next());
                assertEquals(0, r.getInt(1), "checkpoint not blocked");
            }
        }
    }

    @Test
    void batchesAreClearedOnGiveBack() throws Exception {
        try (SqliteDatabase db = open()) {
            Connection c = db.connection();
            db.inTransaction(tx -> {
                try (PreparedStatement p = tx.prepareStatement("INSERT INTO t VALUES (?)")) {
                    p.setInt(1, 10);
                    p.addBatch();
                    p.setInt(1, 11);
                    p.addBatch();
                    p.executeBatch();
                }
                try (PreparedStatement p = tx.prepareStatement("INSERT INTO t VALUES (?)")) {
                    p.setInt(1, 12);
                    p.addBatch();
                    assertEquals(1, p.executeBatch().length, "no rows of the earlier batch again");
                }
                return null;
            });
            try (PreparedStatement p = c.prepareStatement(SELECT)) {
                p.setInt(1, 10);
                assertEquals("10,11,12", rows(p));
            }
        }
    }

    private SqliteDatabase open() throws SQLException {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("s.db"));
        db.inTransaction(c -> exec(c, "CREATE TABLE t(x INTEGER PRIMARY KEY)"));
        db.inTransaction(c -> exec(c, "INSERT INTO t VALUES (1), (2), (3)"));
        return db;
    }

    private static String rows(PreparedStatement p) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) out.append(out.isEmpty() ? "" : ",").append(r.getInt(1));
        }
        return out.toString();
    }

    private static Object exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
        return null;
    }
}
