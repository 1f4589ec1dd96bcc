package org.yibao.terminal.store.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.DeletesPerCommit;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.receipt.ReceiptLine;
import org.yibao.terminal.receipt.ReceiptTotals;

/**
 * The receipt retention on a real SQLite file: after a long spell the retention lets a year's
 * receipts go at once, which must not be one transaction (settlements would wait for it, and a
 * nearly full flash would need WAL room for all of it, as {@code OutboxPurgeBatchTest} found for
 * the outbox); a receipt that never printed is owed to the patient and stays, however old; and a
 * database from before the receipts' {@code made_at_ms} keeps its rows and dates them by the time
 * each receipt shows.
 */
class ReceiptStorePurgeTest {
    private static final Instant T0 = Instant.parse("2026-01-01T02:00:00Z"); // 10:00 in Beijing
    private static final int OLD = 1_000;

    @TempDir Path dir;
    final HandClock clock = new HandClock(T0);
    SqliteDatabase db;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("terminal.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aLargePurgeDeletesInSmallTransactionsAndKeepsWhatNeverPrinted() throws Exception {
        ReceiptStore receipts = ReceiptStore.open(db, clock);
        keep(receipts, "OLD-", OLD);
        keep(receipts, "OWED-", 3);
        clock.advance(Duration.ofDays(100));
        keep(receipts, "NEW-", 5);
        printed("OLD-%");
        printed("NEW-%");
        clock.advance(Duration.ofDays(81)); // OLD and OWED 181 days old, NEW 81

        DeletesPerCommit.Seen seen = DeletesPerCommit.during(db, "receipt_kept",
                () -> assertEquals(OLD, new ReceiptPurge(receipts, Duration.ofDays(180), clock).run(), "every printed receipt past 180 days"));
        assertTrue(seen.largest() <= ReceiptStore.DELETE_BATCH,
                "one transaction deleted " + seen.largest() + " receipts (" + seen.commits() + " commits)");
        assertTrue(seen.commits() >= OLD / ReceiptStore.DELETE_BATCH, seen.commits() + " commits");
        assertEquals(List.of("NEW-0", "NEW-1", "NEW-2", "NEW-3", "NEW-4", "OWED-0", "OWED-1", "OWED-2"), keptIds(),
                "the receipts never printed (owed to the patient) and the younger ones stay");
        assertEquals(3, receipts.waiting().size(), "still listed for reprint");

        clock.advance(Duration.ofDays(1000));
        receipts.markPrinted("OWED-0", Receipt.Kind.SETTLEMENT);
        assertEquals(6, new ReceiptPurge(receipts, Duration.ofDays(180), clock).run(), "once reprinted, it goes too");
        assertEquals(List.of("OWED-1", "OWED-2"), keptIds());
    }

    @Test
    void aTableFromBeforeTheRetentionKeepsItsRowsDatedByTheTimeTheirReceiptsShow() throws Exception {
        String json = ReceiptCodec.write(receipt("S1", LocalDateTime.of(2026, 1, 1, 10, 0)));
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("""
                        CREATE TABLE receipt_kept(
                          setl_id      TEXT NOT NULL,
                          kind         TEXT NOT NULL CHECK (kind IN ('SETTLEMENT','REVERSAL')),
                          receipt_json TEXT NOT NULL,
                          printed      INTEGER NOT NULL DEFAULT 0,
                          printed_at   TEXT,
                          PRIMARY KEY (setl_id, kind))""");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO receipt_kept VALUES (?, 'SETTLEMENT', ?, 1, ?)")) {
                p.setString(1, "S1");
                p.setString(2, json);
                p.setString(3, "2026-01-01T02:00:05Z");
                p.executeUpdate();
                p.setString(1, "S2");
                p.setString(2, "{\"kind\":\"SETTLEMENT\"}"); // no settled_at to read
                p.executeUpdate();
            }
            return null;
        });
        clock.advance(Duration.ofDays(30));

        ReceiptStore receipts = ReceiptStore.open(db, clock);
        assertEquals(T0.toEpochMilli(), madeAt("S1"), "10:00 in Beijing, the receipt's settled_at");
        assertEquals(clock.millis(), madeAt("S2"), "no time to read: the upgrade's, so it is kept a whole retention from now");
        assertEquals(json, receipts.find("S1", Receipt.Kind.SETTLEMENT).map(k -> ReceiptCodec.write(k.receipt())).orElseThrow(),
                "the row as it was");
        assertEquals(1, new ReceiptPurge(receipts, Duration.ofDays(20), clock).run());
        assertEquals(List.of("S2"), keptIds());
        ReceiptStore.open(db, clock); // opened again: nothing more to add
        assertEquals(List.of("S2"), keptIds());
    }

    private void keep(ReceiptStore receipts, String prefix, int count) throws SQLException {
        db.inTransaction(c -> {
            for (int i = 0; i < count; i++) receipts.keep(c, receipt(prefix + i, LocalDateTime.now(clock)));
            return null;
        });
    }

    private void printed(String like) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE receipt_kept SET printed = 1 WHERE setl_id LIKE ?")) {
                p.setString(1, like);
                return p.executeUpdate();
            }
        });
    }

    private List<String> keptIds() throws SQLException {
        return db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT setl_id FROM receipt_kept ORDER BY setl_id")) {
                while (r.next()) ids.add(r.getString(1));
            }
            return ids;
        });
    }

    private long madeAt(String setlId) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT made_at_ms FROM receipt_kept WHERE setl_id = ?")) {
                p.setString(1, setlId);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    private static Receipt receipt(String setlId, LocalDateTime at) {
        return new Receipt(Receipt.Kind.SETTLEMENT, false, false, "演示药店", "H00000000001", "T01", "0001", at, setlId, "",
                "张三", "371502198801011234", "", "310", "41",
                List.of(new ReceiptLine("阿莫西林胶囊", ChargeLevel.A, BigDecimal.ONE, 1000)), new ReceiptTotals(1000, 0, 0, 0, 1000, 0));
    }
}
