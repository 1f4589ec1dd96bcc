package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateEnvelope;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateTarget;

/**
 * A full disk while an update is applied (docs/provisioning.md "Applied atomically, once, in
 * order"): the terminal's database refuses the import (SQLite's {@code SQLITE_FULL}, here by its
 * page limit lowered to what the file holds), nothing of the update is used or recorded, its
 * stream stays where it was, the log says so in words with the code (1018, as the local API and
 * the commands say it) instead of a stack trace, and the same update is applied once there is room.
 */
class FullDiskDuringUpdateTest {
    private static final DeviceKey KEY = DeviceKey.generate(KeyAlgorithm.EC);
    private static final int SQLITE_MAX_PAGES = 1_073_741_823;

    @Test
    void aCatalogueMeetingAFullDiskChangesNothingIsToldInWordsAndIsAppliedOnceThereIsRoom(@TempDir Path dir) throws Exception {
        var centre = new FleetModelPropertiesTest.Centre();
        centre.connected = false; // only pushes: each handled as it arrives
        ListAppender<ILoggingEvent> lines = StandAloneFleet.capture(FleetAgent.class);
        try (var t = new FleetModelPropertiesTest.Terminal(dir, centre, KEY)) {
            String inUse = t.catalog.version();
            StringBuilder text = new StringBuilder(Files.readString(dir.resolve("catalog.tsv")));
            for (int i = 0; i < 5000; i++) {
                text.append(String.join("\t", String.format("XFULL%016d", i), "测试药品", "101", "01", "09", "0", "0", "null", "0",
                        "2024-01-01", "null", "2026.07")).append('\n');
            }
            Update update = new Update(UpdateTarget.device("T01"), 1, UpdateKind.CATALOG, t.clock.instant(),
                    text.toString().getBytes(StandardCharsets.UTF_8), "");
            byte[] envelope = UpdateEnvelope.sign(update, KEY.pair().getPrivate(), KeyAlgorithm.EC);

            execute(t.db, "PRAGMA max_page_count = " + (pageCount(t.db) + 2)); // the disk full
            t.push(envelope);
            t.settle();

            assertEquals(0L, t.fleet.store().lastSeq("device/T01"), "not recorded: its stream waits and it comes again");
            assertEquals(inUse, t.catalog.version(), "the catalogue in use stays");
            List<ILoggingEvent> told = lines.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
            assertEquals(1, told.size(), told.stream().map(ILoggingEvent::getFormattedMessage).toList().toString());
            String line = told.getFirst().getFormattedMessage();
            assertTrue(line.contains("1018") && line.contains("存储空间已满") && line.contains(update.updateId()), line);
            assertEquals(null, told.getFirst().getThrowableProxy(), "no stack trace for a full disk: " + line);

            execute(t.db, "PRAGMA max_page_count = " + SQLITE_MAX_PAGES); // room again
            t.push(envelope);
            t.settle();
            assertEquals("APPLIED", t.fleet.store().recorded(update.updateId()).orElseThrow().status());
            assertEquals("2026.07", t.catalog.version());
        } finally {
            StandAloneFleet.release(FleetAgent.class, lines);
        }
    }

    private static long pageCount(SqliteDatabase db) throws Exception {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA page_count")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private static void execute(SqliteDatabase db, String sql) throws Exception {
        db.read(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }
}
