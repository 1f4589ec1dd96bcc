package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.Outcome;
import org.yibao.outbox.StoredMessage;
import org.yibao.outbox.db.SqliteDatabase;
import picocli.CommandLine;

/**
 * {@code terminal outbox list|retry} on a real terminal.db that a running service (here: the
 * test's own connection and {@link Outbox}, kept open throughout) holds: a claim published
 * {@code maxAttempts} times without an answer is NEEDS_ATTENTION; the command lists it without
 * its payload and puts it back to PENDING, where the service's uplink picks it up. REJECTED
 * claims (the centre's final answer) are listed but never retried.
 */
class OutboxCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageClass FUND = new MessageClass("FUND", Lane.MESSAGES, true);
    /** Personal data a claim carries: it must never come out of the command. */
    private static final String CERTNO = "371502199001011234";
    private static final String NAME = "张三丰";

    @TempDir Path data;
    SqliteDatabase service;
    Outbox outbox;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void serviceRuns() throws Exception {
        service = SqliteDatabase.open(data.resolve("terminal.db"));
        outbox = Outbox.open(service, "T01", OutboxPolicy.defaults().withMaxAttempts(2), Clock.systemUTC());
    }

    @AfterEach
    void serviceStops() {
        service.close();
    }

    @Test
    void aClaimThatNeedsAttentionIsListedWithoutItsPayloadAndRetriedWhileTheServiceHoldsTheDatabase() throws Exception {
        String stuck = append("S1");
        needsAttention(stuck);
        String rejected = append("S2");
        outbox.apply(List.of(new Outcome.Published(rejected),
                new Outcome.Rejected(rejected, "E_PSN", "参保人 " + CERTNO + " 信息不符")));
        String pending = append("S3");

        Run list = run("outbox", "list", "--data-dir", data.toString());

        assertEquals(0, list.exit(), list.err());
        JsonNode listed = JSON.readTree(list.out());
        assertEquals(1, listed.path("needs_attention").asInt(), list.out());
        assertEquals(1, listed.path("rejected").asInt(), list.out());
        assertEquals(List.of(stuck, rejected), ids(listed), "what needs a person, oldest first; not the PENDING one");
        JsonNode first = listed.path("messages").get(0);
        assertEquals("claim.settle", first.path("type").asText());
        assertEquals("NEEDS_ATTENTION", first.path("state").asText());
        assertEquals(2, first.path("attempts").asInt());
        assertTrue(first.path("age_s").canConvertToLong(), first.toString());
        assertTrue(first.path("created_at").asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"), first.toString());
        JsonNode second = listed.path("messages").get(1);
        assertEquals("REJECTED", second.path("state").asText());
        assertEquals("E_PSN", second.path("result_code").asText());
        assertTrue(second.path("result_reason").asText().contains("信息不符"), second.toString());
        assertNoPersonalData(list);
        assertTrue(listed.path("next").asText().contains("terminal outbox retry"), list.out());

        Run all = run("outbox", "list", "--data-dir", data.toString(), "--all");
        assertEquals(0, all.exit(), all.err());
        assertEquals(List.of(stuck, rejected, pending), ids(JSON.readTree(all.out())), "--all: every unacknowledged one too");
        assertNoPersonalData(all);

        Run refusedRetry = run("outbox", "retry", "--data-dir", data.toString(), rejected);
        assertEquals(2, refusedRetry.exit(), refusedRetry.out() + refusedRetry.err());
        assertEquals("1711", JSON.readTree(refusedRetry.out()).path("term_errcode").asText(), refusedRetry.out());
        assertEquals(MessageState.REJECTED, outbox.find(rejected).orElseThrow().state(), "the centre's answer stands");

        Run both = run("outbox", "retry", "--data-dir", data.toString(), stuck, rejected);
        assertEquals(2, both.exit(), both.out());
        assertEquals(MessageState.NEEDS_ATTENTION, outbox.find(stuck).orElseThrow().state(), "all or nothing");

        Run unknown = run("outbox", "retry", "--data-dir", data.toString(), "T01-999");
        assertEquals(2, unknown.exit(), unknown.out());
        assertEquals("1710", JSON.readTree(unknown.out()).path("term_errcode").asText(), unknown.out());

        Run notStuck = run("outbox", "retry", "--data-dir", data.toString(), pending);
        assertEquals(2, notStuck.exit(), notStuck.out());
        assertEquals("1712", JSON.readTree(notStuck.out()).path("term_errcode").asText(), notStuck.out());

        Run retry = run("outbox", "retry", "--data-dir", data.toString(), stuck);

        assertEquals(0, retry.exit(), retry.out() + retry.err());
        assertEquals(List.of(stuck), texts(JSON.readTree(retry.out()).path("retried")), retry.out());
        StoredMessage again = outbox.find(stuck).orElseThrow();
        assertEquals(MessageState.PENDING, again.state());
        assertEquals(0, again.attempts(), "attempts start again");
        assertTrue(outbox.nextBatch(Lane.MESSAGES, 10, Set.of()).stream().anyMatch(m -> m.id().equals(stuck)),
                "the running service's uplink picks it up");
    }

    /**
     * Black-box privacy sweep (bbprivacy): a centre's rejection reason is its own free text and
     * may quote the person the way Chinese prose does, with no 姓名 label before the name. The
     * claim's own payload says who the person is, so `outbox list` must not print that name in
     * full (README: result_reason "masked as the diagnostics are"; every CLI output masked).
     * Seen against a centre of one's own: {@code 参保人张三丰（3715**********1234，…）已暂停参保}.
     */
    @Test
    void aRejectionReasonThatQuotesTheClaimsPersonByNameIsListedWithTheNameMasked() throws Exception {
        String rejected = append("S4");
        outbox.apply(List.of(new Outcome.Published(rejected),
                new Outcome.Rejected(rejected, "E_PERSON", "参保人" + NAME + "（" + CERTNO + "）已暂停参保")));

        Run list = run("outbox", "list", "--data-dir", data.toString());

        assertEquals(0, list.exit(), list.err());
        JsonNode reason = JSON.readTree(list.out()).path("messages").get(0).path("result_reason");
        assertTrue(reason.asText().contains("已暂停参保"), list.out());
        assertNoPersonalData(list);
    }

    @Test
    void allNeedingAttentionAreRetriedAndRejectedOnesAreLeftAlone() throws Exception {
        String one = append("S1");
        String two = append("S2");
        needsAttention(one);
        needsAttention(two);
        String rejected = append("S3");
        outbox.apply(List.of(new Outcome.Published(rejected), new Outcome.Rejected(rejected, "E1", "重复结算")));

        Run retry = run("outbox", "retry", "--data-dir", data.toString(), "--all-needing-attention");

        assertEquals(0, retry.exit(), retry.out() + retry.err());
        assertEquals(List.of(one, two), texts(JSON.readTree(retry.out()).path("retried")), retry.out());
        assertEquals(MessageState.PENDING, outbox.find(one).orElseThrow().state());
        assertEquals(MessageState.PENDING, outbox.find(two).orElseThrow().state());
        assertEquals(MessageState.REJECTED, outbox.find(rejected).orElseThrow().state());

        Run nothing = run("outbox", "retry", "--data-dir", data.toString(), "--all-needing-attention");
        assertEquals(0, nothing.exit(), nothing.out());
        assertEquals(0, JSON.readTree(nothing.out()).path("retried").size(), nothing.out());
    }

    @Test
    void statusAndDiagnosticsPointAtTheCommandWhenClaimsNeedAttention() throws Exception {
        needsAttention(append("S1"));

        Run status = run("provision", "status", "--data-dir", data.toString(), "--json");

        assertEquals(0, status.exit(), status.out() + status.err());
        JsonNode uplink = JSON.readTree(status.out()).path("uplink");
        assertEquals(1, uplink.path("needs_attention").asInt(), status.out());
        assertTrue(uplink.path("action").asText().contains("terminal outbox list --data-dir"), status.out());

        Path zip = data.resolve("out/diag.zip");
        Run export = run("diagnostics", "export", zip.toString(), "--data-dir", data.toString());
        assertEquals(0, export.exit(), export.out() + export.err());
        try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
            JsonNode backlog = JSON.readTree(file.getInputStream(file.getEntry("backlog.json")));
            assertTrue(backlog.path("action").asText().contains("terminal outbox list --data-dir"), backlog.toString());
        }
    }

    @Test
    void wrongUsageAndAFolderWithoutTerminalDbAreRefused() throws Exception {
        Run neither = run("outbox", "retry", "--data-dir", data.toString());
        assertEquals(2, neither.exit());
        assertTrue(neither.err().contains("--all-needing-attention"), neither.err());
        Run bothForms = run("outbox", "retry", "--data-dir", data.toString(), "--all-needing-attention", "T01-1");
        assertEquals(2, bothForms.exit());

        Path empty = data.resolve("empty");
        for (String[] args : List.of(new String[] {"outbox", "list", "--data-dir", empty.toString()},
                new String[] {"outbox", "retry", "--data-dir", empty.toString(), "--all-needing-attention"})) {
            Run run = run(args);
            assertEquals(2, run.exit(), run.out() + run.err());
            assertEquals("1960", JSON.readTree(run.out()).path("term_errcode").asText(), run.out());
            assertFalse(Files.exists(empty), "nothing created");
        }
    }

    private String append(String orderKey) throws Exception {
        byte[] payload = ("{\"psn_name\":\"" + NAME + "\",\"certno\":\"" + CERTNO + "\"}").getBytes(StandardCharsets.UTF_8);
        return ((AppendResult.Appended) outbox.append(new NewMessage("claim.settle", FUND, orderKey, payload))).id();
    }

    /** Publishes {@code id} maxAttempts (2) times without an answer from the centre, as the uplink does. */
    private void needsAttention(String id) throws Exception {
        for (int attempt = 0; attempt < 2; attempt++) {
            outbox.apply(List.of(new Outcome.Published(id)));
            outbox.requeueSent();
        }
        assertEquals(MessageState.NEEDS_ATTENTION, outbox.find(id).orElseThrow().state());
    }

    private static void assertNoPersonalData(Run run) {
        for (String secret : new String[] {CERTNO, NAME}) {
            assertFalse(run.out().contains(secret) || run.err().contains(secret), secret + " in " + run.out() + run.err());
        }
    }

    private static List<String> ids(JsonNode listed) {
        List<String> ids = new ArrayList<>();
        listed.path("messages").forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        TerminalCli.configure(cli);
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
