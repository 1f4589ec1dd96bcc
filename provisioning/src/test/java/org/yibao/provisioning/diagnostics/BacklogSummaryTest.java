package org.yibao.provisioning.diagnostics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.Outcome;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * The backlog figures a diagnostics zip carries, read from a real outbox: counts, bytes and the
 * oldest row per lane and state, never a payload, and the commands for rows that wait for a person.
 */
class BacklogSummaryTest {
    private static final MessageClass FREE = new MessageClass("SELF_PAY", Lane.MESSAGES, false);
    private static final Instant AT = Instant.parse("2026-12-07T02:00:00Z");

    @TempDir Path data;

    private Path outboxWith(int pending, boolean oneNeedingAttention, boolean oneRejected) throws Exception {
        Path file = data.resolve("terminal.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            Outbox outbox = Outbox.open(db, "T01", OutboxPolicy.defaults(), Clock.fixed(AT, ZoneOffset.UTC));
            for (int i = 0; i < pending; i++) append(outbox, "certno=371502199001011234");
            if (oneNeedingAttention) outbox.apply(List.of(new Outcome.Unsendable(append(outbox, "x"), "E_TOO_LARGE", "报文过大")));
            if (oneRejected) {
                String id = append(outbox, "y");
                outbox.apply(List.of(new Outcome.Published(id), new Outcome.Rejected(id, "E1", "重复")));
            }
        }
        return file;
    }

    private static String append(Outbox outbox, String payload) throws Exception {
        return ((AppendResult.Appended) outbox.append(new NewMessage("claim", FREE, null, payload.getBytes(UTF_8)))).id();
    }

    @Test
    void pendingRowsAreCountedWithTheirBytesAndOldestTimeAndNoPayload() throws Exception {
        Map<String, Object> summary = BacklogSummary.read(outboxWith(2, false, false));
        assertEquals(List.of(Map.of("lane", "MESSAGES", "state", "PENDING", "count", 2L, "bytes", 50L, "oldest", AT.toString())),
                summary.get("rows"));
        assertFalse(summary.containsKey("action"), "nothing waits for a person");
        assertFalse(summary.toString().contains("371502199001011234"));
    }

    @Test
    void rowsWaitingForAPersonComeWithTheCommandsThatShowAndResendThem() throws Exception {
        Path file = outboxWith(0, true, true);
        String action = (String) BacklogSummary.read(file).get("action");
        assertEquals(BacklogSummary.action(1, 1, data.toAbsolutePath()).orElseThrow(), action);
        assertTrue(action.startsWith("查看：terminal outbox list --data-dir " + data.toAbsolutePath()), action);
        assertTrue(action.contains("--all-needing-attention") && action.contains("REJECTED 为中心拒绝"), action);
    }

    @Test
    void theActionNamesOnlyWhatThereIs() {
        Path dir = Path.of("/var/lib/yibao-terminal");
        assertEquals(Optional.empty(), BacklogSummary.action(0, 0, dir));
        assertEquals("查看：terminal outbox list --data-dir /var/lib/yibao-terminal；重新上传：terminal outbox retry --data-dir "
                + "/var/lib/yibao-terminal --all-needing-attention", BacklogSummary.action(1, 0, dir).orElseThrow());
        assertEquals("查看：terminal outbox list --data-dir /var/lib/yibao-terminal；REJECTED 为中心拒绝，不在本机重发",
                BacklogSummary.action(0, 1, dir).orElseThrow());
    }

    @Test
    void aDatabaseWithoutAnOutboxSaysSo() throws Exception {
        Path file = data.resolve("other.db");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            db.inTransaction(c -> c.createStatement().execute("CREATE TABLE t(x)"));
        }
        assertEquals(Map.of("error", "no outbox table"), BacklogSummary.read(file));
    }
}
