package org.yibao.terminal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;

/** Long answers kept compressed in a real SQLite file, and every older (plain) row still read. */
class CompressedTextTest {
    /** A settlement's output as a 2102 answers it: 1.9 KB of JSON with Chinese names. */
    private static final String ANSWER = "{\"infcode\":0,\"output\":{\"setlinfo\":{\"setl_id\":\"T0001-S00000042\","
            + "\"psn_name\":\"张*丰\",\"medfee_sumamt\":128.50,\"hifp_pay\":60.00,\"acct_pay\":40.00,\"psn_cash_pay\":28.50},"
            + "\"setldetail\":[" + String.join(",", Collections.nCopies(12,
            "{\"fund_pay_type\":\"310100\",\"inscp_scp_amt\":60.00,\"fund_payamt\":60.00,\"fund_pay_type_name\":\"职工基本医疗保险统筹基金\"}"))
            + "]},\"warn_msg\":\"\"}";

    @TempDir Path dir;
    private SqliteDatabase database;

    @BeforeEach void table() throws SQLException {
        database = SqliteDatabase.open(dir.resolve("terminal.db"));
        database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept(id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
            }
            return null;
        });
    }

    @AfterEach void close() {
        database.close();
    }

    @Test void aLongAnswerIsStoredCompressedAndReadBackByteForByte() throws SQLException {
        assertTrue(ANSWER.getBytes(StandardCharsets.UTF_8).length > 1500, "the sample is as long as a real answer");
        write(1, ANSWER);

        assertEquals(ANSWER, read(1));
        assertEquals("blob", sql("SELECT typeof(body) FROM kept WHERE id = 1"));
        long stored = Long.parseLong(sql("SELECT length(body) FROM kept WHERE id = 1"));
        assertTrue(stored * 2 < ANSWER.getBytes(StandardCharsets.UTF_8).length, "stored in " + stored + " bytes");
    }

    @Test void aShortAnswerStaysPlainText() throws SQLException {
        String shortAnswer = "{\"infcode\":-1,\"err_msg\":\"签到已失效\"}";
        write(1, shortAnswer);

        assertEquals(shortAnswer, read(1));
        assertEquals("text", sql("SELECT typeof(body) FROM kept WHERE id = 1"));
    }

    /** A terminal updated in the field keeps the plain answers its earlier version wrote. */
    @Test void aLongAnswerWrittenAsPlainTextByAnEarlierVersionIsStillRead() throws SQLException {
        database.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO kept VALUES (1, ?)")) {
                p.setString(1, ANSWER);
                p.executeUpdate();
            }
            return null;
        });

        assertEquals(ANSWER, read(1));
    }

    @Test @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) void aDamagedValueIsAnErrorNeverWrongText() throws SQLException {
        byte[] compressed = CompressedText.compress(ANSWER.getBytes(StandardCharsets.UTF_8));
        byte[] flipped = compressed.clone();
        flipped[flipped.length / 2] ^= 0x10;
        writeBytes(1, flipped);
        writeBytes(2, Arrays.copyOf(compressed, compressed.length - 9));

        assertThrows(SQLException.class, () -> read(1));
        assertThrows(SQLException.class, () -> read(2));
        writeBytes(3, compressed);
        assertEquals(ANSWER, read(3), "the compressor and reader are still usable after the damaged ones");
    }

    private void write(int id, String text) throws SQLException {
        database.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO kept VALUES (?, ?)")) {
                p.setInt(1, id);
                CompressedText.bind(p, 2, text);
                p.executeUpdate();
            }
            return null;
        });
    }

    private void writeBytes(int id, byte[] bytes) throws SQLException {
        database.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO kept VALUES (?, ?)")) {
                p.setInt(1, id);
                p.setBytes(2, bytes);
                p.executeUpdate();
            }
            return null;
        });
    }

    private String read(int id) throws SQLException {
        return database.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT body FROM kept WHERE id = ?")) {
                p.setInt(1, id);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return CompressedText.read(r, "body");
                }
            }
        });
    }

    private String sql(String query) throws SQLException {
        return database.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
                r.next();
                return r.getString(1);
            }
        });
    }
}
