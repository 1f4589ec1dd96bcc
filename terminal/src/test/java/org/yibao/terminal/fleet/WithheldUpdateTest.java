package org.yibao.terminal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.Eventually;
import org.yibao.provisioning.identity.DeviceKey;
import org.yibao.provisioning.identity.KeyAlgorithm;
import org.yibao.provisioning.update.CatchUp;
import org.yibao.provisioning.update.Update;
import org.yibao.provisioning.update.UpdateEnvelope;
import org.yibao.provisioning.update.UpdateKind;
import org.yibao.provisioning.update.UpdateTarget;

/**
 * The device says at catch-up how large a message it takes and asks for envelopes inline; an
 * update the centre withholds as too large for it is logged once with what to do, the others
 * are applied, and the agent does not ask again in a loop for it. The centre is a stand-in; the
 * terminal side (SQLite, outbox, agent) is real.
 */
class WithheldUpdateTest {

    @Test
    void aWithheldUpdateIsNamedOnceAndTheRestApplies(@TempDir Path dir) throws Exception {
        DeviceKey root = StandAloneFleet.trustedRoot(dir);
        byte[] status = areaUpdate(root, 1, UpdateKind.COMMAND, "status");
        CatchUp.Withheld large = new CatchUp.Withheld("device/T01/1", 18_000_000);
        StandInCentre centre = new StandInCentre(() -> new CatchUp.Answer(List.of(status), false, List.of(large)), 10_000_000);
        ListAppender<ILoggingEvent> lines = StandAloneFleet.capture(FleetAgent.class);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            FleetService fleet = StandAloneFleet.open(db, dir);
            fleet.connect(centre, Duration.ofMillis(20), Duration.ofHours(1));
            Eventually.await(Duration.ofSeconds(20), () -> fleet.store().lastSeq("area/371502") >= 1, () -> "area/371502 never reached its update 1");
            fleet.agent().orElseThrow().catchUpNow(Duration.ofSeconds(10));
            fleet.close();
            assertEquals(1L, fleet.store().lastSeq("area/371502"), "the area's update applied");
            assertEquals(0L, fleet.store().lastSeq("device/T01"), "the withheld one was not");
            CatchUp.Request first = centre.requests().getFirst();
            assertEquals(10_000_000, first.maxPacket(), "the device said its largest message");
            assertTrue(first.kinds().containsAll(List.of("catalog-part", "codemap-part", "codemap-delta", "withdrawn")),
                    "the device said the kinds it knows: " + first.kinds());
            assertTrue(first.inline() && first.maxBytes() > 0, "inline envelopes within a budget: " + first);
            assertEquals(2, centre.asks(), "once at connect and once asked for; no loop: " + centre.asks());
        } finally {
            StandAloneFleet.release(FleetAgent.class, lines);
        }
        List<String> warnings = lines.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, warnings.size(), "named once per run: " + warnings);
        assertTrue(warnings.getFirst().contains("device/T01/1") && warnings.getFirst().contains("18000000")
                && warnings.getFirst().contains("-Xmx"), warnings.getFirst());
    }

    /** An update the centre holds back as of a kind this build does not know is named once, saying to update the software. */
    @Test
    void anUpdateWithheldForItsKindIsNamedOnceSayingToUpdateTheSoftware(@TempDir Path dir) throws Exception {
        DeviceKey root = StandAloneFleet.trustedRoot(dir);
        CatchUp.Withheld unknown = new CatchUp.Withheld("area/371502/1", 1_900_000, CatchUp.Withheld.UNKNOWN_KIND);
        StandInCentre centre = new StandInCentre(() -> new CatchUp.Answer(List.of(), false, List.of(unknown)), 10_000_000);
        ListAppender<ILoggingEvent> lines = StandAloneFleet.capture(FleetAgent.class);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            FleetService fleet = StandAloneFleet.open(db, dir);
            fleet.connect(centre, Duration.ofMillis(20), Duration.ofHours(1));
            Eventually.await(Duration.ofSeconds(20), () -> centre.asks() >= 1, () -> "the agent never asked the centre");
            fleet.agent().orElseThrow().catchUpNow(Duration.ofSeconds(10));
            fleet.close();
            assertEquals(0L, fleet.store().lastSeq("area/371502"), "its stream waits");
        } finally {
            StandAloneFleet.release(FleetAgent.class, lines);
        }
        List<String> warnings = lines.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, warnings.size(), "named once per run: " + warnings);
        assertTrue(warnings.getFirst().contains("area/371502/1") && warnings.getFirst().contains("does not know")
                && warnings.getFirst().contains("update the terminal's software") && !warnings.getFirst().contains("-Xmx"), warnings.getFirst());
    }

    /**
     * An update the centre withdrew (a notice of the same id, no content) is recorded as done
     * without anything applied, and its stream moves on to the update after it.
     */
    @Test
    void aWithdrawnUpdateIsRecordedAndTheNextOneApplies(@TempDir Path dir) throws Exception {
        DeviceKey root = StandAloneFleet.trustedRoot(dir);
        byte[] notice = areaUpdate(root, 1, UpdateKind.WITHDRAWN, "");
        byte[] status = areaUpdate(root, 2, UpdateKind.COMMAND, "status");
        StandInCentre centre = new StandInCentre(() -> new CatchUp.Answer(List.of(notice, status), false), 10_000_000);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            FleetService fleet = StandAloneFleet.open(db, dir);
            fleet.connect(centre, Duration.ofMillis(20), Duration.ofHours(1));
            Eventually.await(Duration.ofSeconds(20), () -> fleet.store().lastSeq("area/371502") >= 2, () -> "area/371502 never reached its update 2");
            fleet.close();
            assertEquals(2L, fleet.store().lastSeq("area/371502"), "past the withdrawn update to the next");
            List<String> recorded = recorded(db, "update_id, kind, status, reason");
            assertEquals(List.of("area/371502/1 withdrawn APPLIED 中心已撤回该更新，本机未执行", "area/371502/2 command APPLIED "), recorded);
        }
    }

    /**
     * An update pushed ahead of its turn and too large to hold (a smaller file published after a
     * withheld one) is fetched by a catch-up as soon as its stream moves on (the withdrawal
     * notice, pushed), not at the next periodic catch-up.
     */
    @Test
    void anUpdateTooLargeToHoldIsFetchedOnceItsStreamMovesOn(@TempDir Path dir) throws Exception {
        DeviceKey root = StandAloneFleet.trustedRoot(dir);
        byte[] pushedAhead = UpdateEnvelope.sign(new Update(UpdateTarget.area("371502"), 2, UpdateKind.TRUST, Instant.now(),
                new byte[1_200_000], ""), root.pair().getPrivate(), KeyAlgorithm.EC);
        byte[] notice = areaUpdate(root, 1, UpdateKind.WITHDRAWN, "");
        byte[] second = areaUpdate(root, 2, UpdateKind.COMMAND, "status");
        java.util.concurrent.atomic.AtomicBoolean withdrawn = new java.util.concurrent.atomic.AtomicBoolean();
        StandInCentre centre = new StandInCentre(() -> new CatchUp.Answer(withdrawn.get() ? List.of(second) : List.of(), false), 10_000_000);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            FleetService fleet = StandAloneFleet.open(db, dir);
            fleet.connect(centre, Duration.ofMillis(20), Duration.ofHours(1));
            FleetAgent agent = fleet.agent().orElseThrow();
            agent.catchUpNow(Duration.ofSeconds(10));
            agent.receive(pushedAhead);
            agent.catchUpNow(Duration.ofSeconds(10)); // the push is handled (the worker runs in order)
            withdrawn.set(true);
            int asked = centre.asks();
            agent.receive(notice);
            Eventually.await(Duration.ofSeconds(20), () -> fleet.store().lastSeq("area/371502") >= 2, () -> "area/371502 never reached its update 2");
            fleet.close();
            assertEquals(2L, fleet.store().lastSeq("area/371502"), "the update after the notice came with a catch-up");
            assertTrue(centre.asks() > asked, "asked again once the stream moved on");
        }
    }

    /**
     * An update the device holds in memory (pushed ahead of its turn) and the centre withdraws
     * before the device's turn comes: the catch-up brings the one before it and the withdrawal
     * notice, and the device records the notice, not the withdrawn original it was holding (it
     * never had it applied; the centre took it back).
     */
    @Test
    void aWithdrawnUpdateHeldInMemoryIsNotAppliedOnceTheNoticeComes(@TempDir Path dir) throws Exception {
        DeviceKey root = StandAloneFleet.trustedRoot(dir);
        byte[] first = areaUpdate(root, 1, UpdateKind.COMMAND, "status");
        byte[] original = areaUpdate(root, 2, UpdateKind.COMMAND, "status");
        byte[] notice = areaUpdate(root, 2, UpdateKind.WITHDRAWN, "");
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        StandInCentre centre = new StandInCentre(() -> asked.getAndIncrement() == 0 ? new CatchUp.Answer(List.of(), false)
                : new CatchUp.Answer(List.of(first, notice), false), 10_000_000);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            FleetService fleet = StandAloneFleet.open(db, dir);
            fleet.connect(centre, Duration.ofMillis(20), Duration.ofHours(1));
            Eventually.await(Duration.ofSeconds(20), () -> centre.asks() >= 1, () -> "the agent never asked the centre");
            fleet.agent().orElseThrow().receive(original); // held: area/371502/1 has not come yet
            Eventually.await(Duration.ofSeconds(20), () -> fleet.store().lastSeq("area/371502") >= 2, () -> "area/371502 never reached its update 2");
            fleet.close();
            assertEquals(2L, fleet.store().lastSeq("area/371502"));
            List<String> recorded = recorded(db, "update_id, kind");
            assertEquals(List.of("area/371502/1 command", "area/371502/2 withdrawn"), recorded);
        }
    }

    /**
     * A run of updates longer than one catch-up's rounds (a large file in pieces comes one piece an
     * answer), found by a catch-up on a connection already caught up (periodic, or asked for): the
     * rest is asked for at once, not at the next period an hour later.
     */
    @Test
    void aRunLongerThanOneCatchUpIsFetchedToItsEnd(@TempDir Path dir) throws Exception {
        DeviceKey root = StandAloneFleet.trustedRoot(dir);
        int last = 105;
        java.util.concurrent.atomic.AtomicBoolean published = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(1);
        StandInCentre centre = new StandInCentre(() -> {
            if (!published.get() || next.get() > last) return new CatchUp.Answer(List.of(), false);
            int seq = next.getAndIncrement();
            return new CatchUp.Answer(List.of(areaUpdate(root, seq, UpdateKind.WITHDRAWN, "")), seq < last);
        }, 10_000_000);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            FleetService fleet = StandAloneFleet.open(db, dir);
            fleet.connect(centre, Duration.ofMillis(20), Duration.ofHours(1));
            FleetAgent agent = fleet.agent().orElseThrow();
            agent.catchUpNow(Duration.ofSeconds(10)); // caught up on this connection: nothing there yet
            published.set(true);
            agent.catchUpNow(Duration.ofSeconds(60));
            Eventually.await(Duration.ofSeconds(30), () -> fleet.store().lastSeq("area/371502") >= last,
                    () -> "area/371502 stopped short of " + last + " after " + centre.asks() + " asks: the rest waited for the next period");
            fleet.close();
            assertEquals(last, fleet.store().lastSeq("area/371502"));
        }
    }

    /** An update of area 371502 without content, signed by {@code root}. */
    private static byte[] areaUpdate(DeviceKey root, long seq, UpdateKind kind, String command) {
        return UpdateEnvelope.sign(new Update(UpdateTarget.area("371502"), seq, kind, Instant.now(), new byte[0], command),
                root.pair().getPrivate(), KeyAlgorithm.EC);
    }

    /** The device's record of the updates it decided, in order: {@code columns} of each, joined by spaces. */
    private static List<String> recorded(SqliteDatabase db, String columns) throws Exception {
        return db.read(c -> {
            List<String> out = new java.util.ArrayList<>();
            try (var s = c.createStatement(); var r = s.executeQuery("SELECT " + columns + " FROM fleet_applied ORDER BY seq")) {
                int n = r.getMetaData().getColumnCount();
                while (r.next()) {
                    List<String> row = new java.util.ArrayList<>();
                    for (int i = 1; i <= n; i++) row.add(r.getString(i));
                    out.add(String.join(" ", row));
                }
            }
            return out;
        });
    }
}
