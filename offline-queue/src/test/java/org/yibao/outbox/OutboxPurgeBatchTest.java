package org.yibao.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.DeletesPerCommit;
import org.yibao.outbox.testing.ManualClock;

/**
 * A purge after a long offline spell: the centre answers a backlog of thousands of claims within
 * minutes, and the retention later lets them all go within the same hour. One transaction for all
 * of them would hold the writer (settlements wait) and need WAL room for every page it frees, so
 * on a nearly full flash it fails with SQLITE_FULL every hour and frees nothing, ever. The purge
 * deletes in small transactions instead, each one freeing room for the next.
 */
class OutboxPurgeBatchTest {
    private static final MessageClass FREE = new MessageClass("SELF_PAY", Lane.MESSAGES, false);
    private static final int ANSWERED = 1_000;

    @TempDir
    Path dir;
    ManualClock clock = new ManualClock(Instant.parse("2026-11-23T08:00:00Z"));
    SqliteDatabase db;
    Outbox outbox;

    @BeforeEach
    void open() throws SQLException {
        db = SqliteDatabase.open(dir.resolve("terminal.db"));
        outbox = Outbox.open(db, "T01", OutboxPolicy.defaults().withCounts(50_000, 100_000), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aLargePurgeCommitsInSmallTransactions() throws Exception {
        List<String> ids = db.inTransaction(c -> {
            List<String> appended = new ArrayList<>();
            for (int i = 0; i < ANSWERED + 1; i++) {
                NewMessage claim = new NewMessage("claim.test", FREE, null, ("claim " + i + " ".repeat(900)).getBytes(UTF_8));
                appended.add(((AppendResult.Appended) outbox.append(c, claim)).id());
            }
            return appended;
        });
        List<Outcome> answers = new ArrayList<>();
        for (String id : ids.subList(0, ANSWERED)) {
            answers.add(new Outcome.Published(id));
            answers.add(new Outcome.Accepted(id));
        }
        outbox.apply(answers);
        clock.advance(Duration.ofDays(31));

        DeletesPerCommit.Seen seen = DeletesPerCommit.during(db, "outbox_message",
                () -> assertEquals(ANSWERED, outbox.purge(), "every answered claim past the retention"));
        assertTrue(seen.largest() <= Outbox.PURGE_BATCH,
                "one transaction deleted " + seen.largest() + " rows (" + seen.commits() + " commits)");
        assertTrue(outbox.find(ids.get(ANSWERED)).isPresent(), "the unanswered claim stays");
        assertEquals(1, outbox.stats(Lane.MESSAGES).count());
    }

    /**
     * Months of claims answered and purged: the pages a purge frees are SQLite's freelist, which
     * the next claims reuse, so the file stops growing once a retention period's worth is stored
     * (auto_vacuum is off: it does not shrink either).
     */
    @Test
    void purgedPagesAreReusedSoTheFileStopsGrowing() throws Exception {
        long[] sizes = new long[8];
        for (int month = 0; month < sizes.length; month++) {
            List<String> ids = db.inTransaction(c -> {
                List<String> appended = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    NewMessage claim = new NewMessage("claim.test", FREE, null, ("claim " + i + " ".repeat(2_000)).getBytes(UTF_8));
                    appended.add(((AppendResult.Appended) outbox.append(c, claim)).id());
                }
                return appended;
            });
            List<Outcome> answers = new ArrayList<>();
            for (String id : ids) {
                answers.add(new Outcome.Published(id));
                answers.add(new Outcome.Accepted(id));
            }
            outbox.apply(answers);
            clock.advance(Duration.ofDays(31));
            assertEquals(300, outbox.purge());
            db.emptyWal();
            sizes[month] = java.nio.file.Files.size(db.file());
        }
        assertEquals(sizes[2], sizes[sizes.length - 1], "the file grew month after month: " + java.util.Arrays.toString(sizes));
    }
}
