package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.indicator.ManualScheduler;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.demo.DemoSystem;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.receipt.ReceiptLine;
import org.yibao.terminal.receipt.ReceiptTotals;
import org.yibao.terminal.store.receipt.ReceiptStore;

/**
 * {@code retention.receipt_days} reaches the running service: {@code terminal run} started from
 * a real run file deletes the printed receipts older than that many days on its own (no request,
 * no command), and keeps a younger one and one that never printed.
 */
class RunReceiptRetentionTest {
    private static final Instant KEPT_AT = Instant.parse("2026-06-01T02:00:00Z");

    @TempDir Path dir;

    @Test
    void theServiceDeletesThePrintedReceiptsOlderThanTheConfiguredDays() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        HandClock clock = new HandClock(KEPT_AT);
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("terminal.db"))) {
            ReceiptStore receipts = ReceiptStore.open(db, clock);
            keep(db, receipts, "RUN01-S00000001", true);
            keep(db, receipts, "RUN01-S00000002", false);
            clock.advance(Duration.ofDays(20));
            keep(db, receipts, "RUN01-S00000003", true);
        }
        clock.advance(Duration.ofDays(11)); // the first two are 31 days old, the third 11

        Path run = runFile("retention: {acked_claim_days: 30, receipt_days: 30}\n");
        FlowDevices devices = new FlowDevices(new SimulatedPrinter(), new SimulatedIndicators(new ManualScheduler()),
                Optional.empty(), Optional.empty(), Optional.empty());
        try (TerminalApp app = TerminalApp.start(TerminalConfig.load(run), devices, clock)) {
            Eventually.await(Duration.ofSeconds(20), () -> !kept(data).contains("RUN01-S00000001"),
                    () -> "the printed receipt 31 days old is still kept: " + keptOrError(data));
            assertEquals(List.of("RUN01-S00000002", "RUN01-S00000003"), kept(data),
                    "the one that never printed (owed to the patient) and the one 11 days old are kept");
        }
    }

    private static void keep(SqliteDatabase db, ReceiptStore receipts, String setlId, boolean printed) throws SQLException {
        Receipt receipt = new Receipt(Receipt.Kind.SETTLEMENT, false, false, DemoSystem.FIXMEDINS_NAME, DemoSystem.FIXMEDINS_CODE,
                "RUN01", "0001", LocalDateTime.of(2026, 6, 1, 10, 0), setlId, "", "张三", "371502198801011234", "",
                "310", "41", List.of(new ReceiptLine("阿莫西林胶囊", ChargeLevel.A, BigDecimal.ONE, 1000)),
                new ReceiptTotals(1000, 0, 0, 0, 1000, 0));
        db.inTransaction(c -> {
            receipts.keep(c, receipt);
            return null;
        });
        if (printed) receipts.markPrinted(setlId, Receipt.Kind.SETTLEMENT);
    }

    /** The setl_ids whose receipts the data folder's database keeps, read on a connection of the test's own. */
    private static List<String> kept(Path data) throws SQLException {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("terminal.db"));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT setl_id FROM receipt_kept ORDER BY setl_id")) {
            List<String> ids = new java.util.ArrayList<>();
            while (r.next()) ids.add(r.getString(1));
            return ids;
        }
    }

    private static String keptOrError(Path data) {
        try {
            return kept(data).toString();
        } catch (SQLException e) {
            return e.toString();
        }
    }

    private Path runFile(String sections) throws Exception {
        return DemoRunFile.write(dir, sections);
    }
}
