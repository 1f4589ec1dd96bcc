package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.drivers.indicator.ManualScheduler;
import org.yibao.drivers.indicator.SimulatedIndicators;
import org.yibao.drivers.printer.SimulatedPrinter;
import org.yibao.outbox.testing.Eventually;
import org.yibao.terminal.app.TerminalApp;
import org.yibao.terminal.app.TerminalConfig;
import org.yibao.terminal.flow.FlowDevices;
import org.yibao.terminal.operator.HandClock;

/**
 * {@code retention.person_days} reaches the running service: {@code terminal run} from a real run
 * file, on a database written before persons had a retention (its person cache without
 * {@code seen_at}), deletes on its own the person the centre last answered for longer ago than
 * that, and keeps the one answered since.
 */
class RunPersonRetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");

    @TempDir Path dir;

    @Test
    void theServiceDeletesThePersonsNotSeenForTheConfiguredDays() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("terminal.db"));
             Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE person_cache(psn_no TEXT PRIMARY KEY, certno TEXT NOT NULL, card_no TEXT NOT NULL DEFAULT '',
                      person_json TEXT NOT NULL, synced_at TEXT NOT NULL)""");
            cache(c, "37150000000000000011", "371502199001011234", NOW.minus(Duration.ofDays(31)));
            cache(c, "37150000000000000012", "371502198001011238", NOW.minus(Duration.ofDays(5)));
        }
        Path run = DemoRunFile.write(dir, "retention: {acked_claim_days: 30, receipt_days: 180, person_days: 30}\n");
        FlowDevices devices = new FlowDevices(new SimulatedPrinter(), new SimulatedIndicators(new ManualScheduler()),
                Optional.empty(), Optional.empty(), Optional.empty());
        try (TerminalApp app = TerminalApp.start(TerminalConfig.load(run), devices, new HandClock(NOW))) {
            Eventually.await(Duration.ofSeconds(20), () -> cached(data).size() == 1,
                    () -> "the person answered 31 days ago is still cached: " + cached(data));
            assertEquals(List.of("37150000000000000012"), cached(data), "the one answered 5 days ago is kept");
        }
    }

    private static void cache(Connection c, String psnNo, String certno, Instant synced) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO person_cache VALUES (?,?,'',?,?)")) {
            p.setString(1, psnNo);
            p.setString(2, certno);
            p.setString(3, "{\"baseinfo\":{\"psn_no\":\"" + psnNo + "\",\"certno\":\"" + certno + "\"}}");
            p.setString(4, synced.toString());
            p.executeUpdate();
        }
    }

    /** The psn_nos the data folder's database caches, read on a connection of the test's own. */
    private static List<String> cached(Path data) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("terminal.db"));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT psn_no FROM person_cache ORDER BY psn_no")) {
            List<String> psnNos = new ArrayList<>();
            while (r.next()) psnNos.add(r.getString(1));
            return psnNos;
        } catch (SQLException e) {
            return List.of(e.toString(), "?");
        }
    }
}
