package org.yibao.terminal.flow.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.store.clock.ClockConfirmation;
import org.yibao.terminal.store.clock.ClockConfirmations;

/**
 * The guard's evidence survives a restart (a real SQLite file, closed and opened again, as a box
 * that lost power and booted with its clock reset), and a confirmation written by another
 * connection (the technician's command beside the running service) counts at the next check.
 */
class StoredClockEvidenceTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant T = Instant.parse("2026-12-03T02:00:00Z");
    private static final MessageClass CLAIM = new MessageClass("FUND", Lane.MESSAGES, true);
    /** As the fleet's reports and update results are queued ({@code FleetMessages}). */
    private static final MessageClass FLEET = new MessageClass("FLEET", Lane.CONTROL, false);

    private static Outbox outbox(SqliteDatabase db, Instant now) throws Exception {
        return Outbox.open(db, "CLK01", OutboxPolicy.defaults(), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String code(Optional<Refusal> refusal) {
        return refusal.map(r -> r.reason().code()).orElse("trusted");
    }

    @Test
    void aRestartWithTheClockBehindTheNewestClaimIsHeldBackUntilConfirmed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("terminal.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            assertInstanceOf(AppendResult.Appended.class, outbox(db, T.plus(Duration.ofHours(2)))
                    .append(new NewMessage("claim.settle", CLAIM, "S1", "{}".getBytes(StandardCharsets.UTF_8))));
        }
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            ClockConfirmations confirmations = ClockConfirmations.open(db);
            ClockGuard guard = ClockGuard.load(new StoredClockEvidence(outbox(db, T), confirmations), SHANGHAI);
            assertEquals("1376", code(guard.check(T)), "the claim of two hours later is on the disk");
            assertEquals("1376", code(guard.check(Instant.EPOCH)));
            assertEquals("trusted", code(guard.check(T.plus(Duration.ofHours(2)).minus(Duration.ofMinutes(4)))));

            try (SqliteDatabase technician = SqliteDatabase.open(file)) {
                ClockConfirmations.open(technician).record(new ClockConfirmation(T, T.plus(Duration.ofHours(2))));
            }
            assertEquals("trusted", code(guard.check(T)), "the confirmation is read when the check fails");
            assertEquals("1376", code(guard.check(T.minus(Duration.ofMinutes(10)))), "not behind the confirmation itself");
        }
    }

    @Test
    void aFleetReportWrittenByAClockSetBackNeverLowersTheFloorNorAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("terminal.db");
        Instant behind = T.minus(Duration.ofHours(4));
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            assertInstanceOf(AppendResult.Appended.class, outbox(db, T)
                    .append(new NewMessage("claim.settle", CLAIM, "S1", "{}".getBytes(StandardCharsets.UTF_8))));
        }
        try (SqliteDatabase db = SqliteDatabase.open(file)) { // power cut: the box boots four hours behind
            ClockGuard guard = ClockGuard.load(new StoredClockEvidence(outbox(db, behind), ClockConfirmations.open(db)), SHANGHAI);
            assertEquals("1376", code(guard.check(behind)));
            // The centre asks for a status report: the service queues it on the control lane, by the clock as it is.
            assertInstanceOf(AppendResult.Appended.class, outbox(db, behind)
                    .append(new NewMessage("fleet.status", FLEET, null, "{}".getBytes(StandardCharsets.UTF_8))));
            assertEquals("1376", code(guard.check(behind)), "a report the guard never vouched for is no evidence");
        }
        try (SqliteDatabase db = SqliteDatabase.open(file)) { // the cashier restarts the box, the clock still behind
            ClockGuard guard = ClockGuard.load(new StoredClockEvidence(outbox(db, behind), ClockConfirmations.open(db)), SHANGHAI);
            assertEquals("1376", code(guard.check(behind)), "the newest claim, not the newest report, is the floor");
        }
    }

    @Test
    void claimsWrittenAfterAConfirmationHoldARestartBackThoughDatedInsideTheSpanItSetAside(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("terminal.db");
        Instant daysAhead = T.plus(Duration.ofDays(3));
        try (SqliteDatabase db = SqliteDatabase.open(file)) { // the clock ran three days ahead
            assertInstanceOf(AppendResult.Appended.class, outbox(db, daysAhead)
                    .append(new NewMessage("claim.settle", CLAIM, "S1", "{}".getBytes(StandardCharsets.UTF_8))));
        }
        try (SqliteDatabase db = SqliteDatabase.open(file)) { // set right and confirmed; an hour of trade follows
            ClockConfirmations.open(db).record(new ClockConfirmation(T, daysAhead));
            assertInstanceOf(AppendResult.Appended.class, outbox(db, T.plus(Duration.ofHours(1)))
                    .append(new NewMessage("claim.settle", CLAIM, "S2", "{}".getBytes(StandardCharsets.UTF_8))));
        }
        try (SqliteDatabase db = SqliteDatabase.open(file)) { // power cut: the box boots at its saved clock, 50 minutes behind
            Instant booted = T.plus(Duration.ofMinutes(10));
            ClockGuard guard = ClockGuard.load(new StoredClockEvidence(outbox(db, booted), ClockConfirmations.open(db)), SHANGHAI);
            assertEquals("1376", code(guard.check(booted)), "the claim of an hour after the confirmation is evidence");
            assertEquals("trusted", code(guard.check(T.plus(Duration.ofHours(1)))));
        }
    }

    @Test
    void aDatabaseWithoutClaimsOrConfirmationsHoldsBackOnlyAClockBeforeTheRelease(@TempDir Path dir) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("terminal.db"))) {
            ClockGuard guard = ClockGuard.load(new StoredClockEvidence(outbox(db, T), ClockConfirmations.open(db)), SHANGHAI);
            assertEquals("trusted", code(guard.check(T)));
            assertEquals("1376", code(guard.check(Instant.parse("1970-01-01T00:00:10Z"))));
        }
    }
}
