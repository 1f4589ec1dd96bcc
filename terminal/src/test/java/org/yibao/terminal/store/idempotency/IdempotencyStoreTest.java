package org.yibao.terminal.store.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;

class IdempotencyStoreTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T01:00:00Z"), ZoneOffset.UTC);
    private static final String MSGID = "P43010200001202603020900000001";

    @TempDir Path dir;

    private SqliteDatabase open() {
        return SqliteDatabase.open(dir.resolve("terminal.db"));
    }

    @Test void aRecordedAnswerIsFoundAgainAfterTheFileIsReopened() throws Exception {
        try (SqliteDatabase database = open()) {
            IdempotencyStore store = IdempotencyStore.open(database, CLOCK);
            assertTrue(store.find(MSGID).isEmpty());
            database.inTransaction(c -> {
                store.record(c, MSGID, "2102", "hash-1", "any-1", "{\"infcode\":0}");
                return null;
            });
        }
        try (SqliteDatabase database = open()) {
            StoredReply reply = IdempotencyStore.open(database, CLOCK).find(MSGID).orElseThrow();
            assertEquals("{\"infcode\":0}", reply.responseJson());
            assertEquals("2102", reply.infno());
            assertEquals("2026-03-02T01:00:00Z", reply.recordedAt());
            assertTrue(reply.answers("hash-1"));
            assertFalse(reply.answers("hash-2"));
            assertTrue(reply.answersInAnotherSession("any-1"));
            assertFalse(reply.answersInAnotherSession("any-2"));
        }
    }

    /**
     * A terminal from before 2026-12-06 kept no fingerprint without the sign_no: its table gains the
     * column at open, its answers are still given to the same request and to no other session.
     */
    @Test void answersAnOlderTerminalRecordedKeepTheirWholeRequestFingerprintOnly() throws Exception {
        try (SqliteDatabase database = open()) {
            database.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE idempotent_reply (msgid TEXT PRIMARY KEY, infno TEXT NOT NULL,"
                            + " request_sha256 TEXT NOT NULL, response_json TEXT NOT NULL, recorded_at TEXT NOT NULL)");
                    s.execute("INSERT INTO idempotent_reply VALUES ('" + MSGID + "', '2102', 'hash-1', '{}', '2026-03-01T00:00:00Z')");
                }
                return null;
            });
        }
        try (SqliteDatabase database = open()) {
            IdempotencyStore store = IdempotencyStore.open(database, CLOCK);
            StoredReply old = store.find(MSGID).orElseThrow();
            assertTrue(old.answers("hash-1"));
            assertFalse(old.answersInAnotherSession("hash-1"));
            String next = "P43010200001202603020900000003";
            database.inTransaction(c -> {
                store.record(c, next, "2102", "hash-2", "any-2", "{}");
                return null;
            });
            assertTrue(store.find(next).orElseThrow().answersInAnotherSession("any-2"));
        }
    }

    /** msgid answers are never purged, so a long one is kept compressed and still answered byte for byte. */
    @Test void aLongAnswerIsKeptCompressedAndAnsweredTheSameAfterReopening() throws Exception {
        String answer = "{\"infcode\":0,\"output\":{\"setldetail\":[" + String.join(",", java.util.Collections.nCopies(20,
                "{\"fund_pay_type\":\"310100\",\"fund_pay_type_name\":\"职工基本医疗保险统筹基金\",\"fund_payamt\":60.00}")) + "]}}";
        try (SqliteDatabase database = open()) {
            IdempotencyStore store = IdempotencyStore.open(database, CLOCK);
            database.inTransaction(c -> {
                store.record(c, MSGID, "2102", "hash-1", "any-1", answer);
                return null;
            });
        }
        try (SqliteDatabase database = open()) {
            assertEquals(answer, IdempotencyStore.open(database, CLOCK).find(MSGID).orElseThrow().responseJson());
            long stored = database.read(c -> {
                try (Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT length(response_json) FROM idempotent_reply WHERE typeof(response_json) = 'blob'")) {
                    return r.next() ? r.getLong(1) : -1L;
                }
            });
            assertTrue(stored > 0 && stored * 3 < answer.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                    "kept compressed: " + stored + " bytes");
        }
    }

    /**
     * A 9001 answer an older terminal recorded holds a live sign_no in clear and, as its request
     * fingerprint, a fast SHA-256 over the password: opening the store deletes it, and only it.
     */
    @Test void signInAnswersAnOlderTerminalRecordedAreDeletedWhenTheStoreOpens() throws Exception {
        String signIn = "P43010200001202603020900000002";
        try (SqliteDatabase database = open()) {
            IdempotencyStore store = IdempotencyStore.open(database, CLOCK);
            database.inTransaction(c -> {
                store.record(c, MSGID, "2102", "hash-1", "any-1", "{\"infcode\":0}");
                store.record(c, signIn, "9001", "sha256-over-the-password", "any-2", "{\"sign_no\":\"0123456789abcdef0123456789abcdef\"}");
                return null;
            });
        }
        try (SqliteDatabase database = open()) {
            IdempotencyStore store = IdempotencyStore.open(database, CLOCK);
            assertTrue(store.find(signIn).isEmpty(), "the sign-in answer is gone");
            assertEquals("{\"infcode\":0}", store.find(MSGID).orElseThrow().responseJson(), "every other answer is kept");
        }
    }

    @Test void aSecondAnswerForTheSameMsgidRollsBackTheCallersWholeTransaction() throws Exception {
        try (SqliteDatabase database = open()) {
            IdempotencyStore store = IdempotencyStore.open(database, CLOCK);
            database.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE settlement(id TEXT PRIMARY KEY)");
                    s.execute("INSERT INTO settlement VALUES ('first')");
                }
                store.record(c, MSGID, "2102", "hash-1", "any-1", "{\"first\":true}");
                return null;
            });
            assertThrows(MsgidAlreadyRecordedException.class, () -> database.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO settlement VALUES ('second')");
                }
                store.record(c, MSGID, "2102", "hash-1", "any-1", "{\"second\":true}");
                return null;
            }));
            try (Statement s = database.connection().createStatement();
                 ResultSet rows = s.executeQuery("SELECT count(*) FROM settlement")) {
                rows.next();
                assertEquals(1, rows.getInt(1), "the second settlement rolled back with the refused record");
            }
            assertEquals("{\"first\":true}", store.find(MSGID).orElseThrow().responseJson());
        }
    }

    @Test void recordingOutsideTheCallersTransactionIsABug() throws Exception {
        try (SqliteDatabase database = open()) {
            IdempotencyStore store = IdempotencyStore.open(database, CLOCK);
            assertThrows(IllegalStateException.class,
                    () -> store.record(database.connection(), MSGID, "2102", "hash-1", "any-1", "{}"));
            assertTrue(store.find(MSGID).isEmpty());
        }
    }

    private static void record(SqliteDatabase database, Instant at, String msgid, String infno) throws Exception {
        IdempotencyStore store = IdempotencyStore.open(database, Clock.fixed(at, ZoneOffset.UTC));
        database.inTransaction(c -> {
            store.record(c, msgid, infno, "hash-" + msgid, "any-" + msgid, "{\"infno\":\"" + infno + "\"}");
            return null;
        });
    }

    /**
     * The persons' retention deletes the answers that name a person and moved no money (1101, 2101,
     * 2206) recorded before the cutoff, not one recorded at it, at most {@code limit} at a time; a
     * settlement's answer (2102) is never deleted, however old.
     */
    @Test void onlyPersonAnswersRecordedBeforeTheCutoffAreDeletedAndAtMostTheLimit() throws Exception {
        Instant cutoff = Instant.parse("2026-06-01T00:00:00Z");
        Instant before = cutoff.minusSeconds(1);
        try (SqliteDatabase database = open()) {
            record(database, before, "M1101", "1101");
            record(database, before, "M2101", "2101");
            record(database, before, "M2206", "2206");
            record(database, before, "M2102", "2102");
            record(database, before, "M2201", "2201");
            record(database, cutoff, "M1101-at", "1101");
            IdempotencyStore store = IdempotencyStore.open(database, CLOCK);
            assertThrows(IllegalArgumentException.class, () -> store.deletePersonAnswersBefore(cutoff, 0));
            assertEquals(2, store.deletePersonAnswersBefore(cutoff, 2), "the limit");
            assertEquals(1, store.deletePersonAnswersBefore(cutoff, 1), "the third, one at a time");
            assertEquals(0, store.deletePersonAnswersBefore(cutoff, 100), "none left before the cutoff");
            for (String gone : new String[] {"M1101", "M2101", "M2206"}) assertTrue(store.find(gone).isEmpty(), gone);
            for (String kept : new String[] {"M2102", "M2201", "M1101-at"}) assertTrue(store.find(kept).isPresent(), kept);
            assertEquals(1, store.deletePersonAnswersBefore(cutoff.plusSeconds(1), 100), "the one recorded at the cutoff, by a later one");
            assertEquals("{\"infno\":\"2102\"}", store.find("M2102").orElseThrow().responseJson());
        }
    }

    /**
     * Times are kept as {@code Instant.toString()}, which leaves out a zero fraction: an answer
     * recorded half a second after a whole-second cutoff ("…00.500Z") sorts below the cutoff's text
     * ("…00Z") and was deleted though recorded after it. Within the cutoff's own second an answer is
     * now kept (a retention in days may keep it up to a second longer, never shorter).
     */
    @Test void anAnswerRecordedAfterTheCutoffInItsSecondIsKept() throws Exception {
        Instant cutoff = Instant.parse("2026-06-01T00:00:00Z");
        try (SqliteDatabase database = open()) {
            record(database, cutoff.plusMillis(500), "M-after", "1101");
            record(database, cutoff.minusMillis(1), "M-before", "1101");
            record(database, cutoff.minusSeconds(1).plusNanos(1), "M-second-before", "2101");
            IdempotencyStore store = IdempotencyStore.open(database, CLOCK);
            assertEquals(2, store.deletePersonAnswersBefore(cutoff, 100));
            assertTrue(store.find("M-after").isPresent(), "recorded half a second after the cutoff");
            assertEquals(0, store.deletePersonAnswersBefore(cutoff.plusMillis(400), 100),
                    "a cutoff inside the answer's second keeps it");
            assertEquals(1, store.deletePersonAnswersBefore(cutoff.plusSeconds(1), 100));
        }
    }
}
