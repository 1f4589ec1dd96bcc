package org.yibao.terminal.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.yibao.terminal.api.envelope.Envelopes.bytes;
import static org.yibao.terminal.api.envelope.Envelopes.envelope;
import static org.yibao.terminal.api.envelope.Envelopes.msgid;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER_PASSWORD;
import static org.yibao.terminal.operator.OperatorFixtures.TECHNICIAN;
import static org.yibao.terminal.operator.OperatorFixtures.TECHNICIAN_PASSWORD;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.envelope.Envelopes;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.operator.LockoutPolicy;
import org.yibao.terminal.operator.OperatorFixtures;

/**
 * The dispatch pipeline without HTTP, with a handler that writes like a settlement does: a row
 * in its own table and the answer, in one transaction. It is registered under a diagnostic
 * infno, so the role table lets a technician run it and refuses a cashier.
 */
class CallServiceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String WRITE = "term_diag_write";
    private static final String QUERY = "term_diag_query";
    private static final String BROKEN = "term_diag_broken";
    private static final String FULL = "term_diag_full";

    @TempDir Path dir;
    private final HandClock clock = new HandClock(OperatorFixtures.START);
    private SqliteDatabase database;
    private CallService service;

    @BeforeEach void assemble() throws Exception {
        database = OperatorFixtures.database(dir);
        database.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE diag_write(msgid TEXT NOT NULL, written_by TEXT NOT NULL)");
            }
            return null;
        });
        LocalApi api = LocalApi.assemble(Envelopes.FIXMEDINS, database, OperatorFixtures.HASHER, LockoutPolicy.DEFAULT,
                Duration.ofHours(8), clock, () -> "");
        OperatorFixtures.seed(api.operators());
        api.handlers()
                .register(WRITE, call -> new Reply.Recorded(database.inTransaction(c -> {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO diag_write VALUES (?, ?)")) {
                        insert.setString(1, call.envelope().msgid().value());
                        insert.setString(2, call.operator().orElseThrow().opterNo());
                        insert.executeUpdate();
                    }
                    return call.recordSuccess(c, MAPPER.createObjectNode().put("written", true), "");
                })))
                .register(QUERY, call -> new Reply.Success(MAPPER.createObjectNode().put("clock", clock.instant().toString()), "演示警告"))
                .register(BROKEN, call -> {
                    throw new IllegalStateException("a bug in a handler");
                })
                .register(FULL, call -> new Reply.Recorded(database.inTransaction(c -> {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO diag_write VALUES (?, ?)")) {
                        insert.setString(1, call.envelope().msgid().value());
                        insert.setString(2, call.operator().orElseThrow().opterNo());
                        insert.executeUpdate();
                    }
                    FullDisk.fillUp(c);
                    return call.recordSuccess(c, MAPPER.createObjectNode().put("written", true), "");
                })));
        service = api.service();
    }

    @AfterEach void close() {
        database.close();
    }

    private String signIn(int seq, String opter, String password) throws Exception {
        ObjectNode node = envelope("9001", msgid(seq), opter, "");
        node.putObject("input").putObject("signIn").put("opter_no", opter).put("term_password", password);
        JsonNode answer = MAPPER.readTree(service.call(bytes(node)));
        assertEquals(0, answer.get("infcode").intValue(), answer.toString());
        return answer.at("/output/signinoutb/sign_no").asText();
    }

    private long rows() throws Exception {
        return database.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM diag_write")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private static String code(String answer) throws Exception {
        return MAPPER.readTree(answer).get("term_errcode").asText();
    }

    @Test void aWritingTransactionIsDoneOnceHoweverOftenItsMsgidArrives() throws Exception {
        String signNo = signIn(1, TECHNICIAN, TECHNICIAN_PASSWORD);
        byte[] body = bytes(envelope(WRITE, msgid(2), TECHNICIAN, signNo));
        String first = service.call(body);
        assertEquals(0, MAPPER.readTree(first).get("infcode").intValue(), first);
        for (int i = 0; i < 3; i++) assertEquals(first, service.call(body));
        assertEquals(1, rows());
        clock.advance(Duration.ofHours(9));
        assertEquals(first, service.call(body), "the replay needs no live session: it is the answer already given");
        assertEquals(1, rows());
    }

    @Test void theRoleTableDecidesWhoMayRunATransaction() throws Exception {
        String cashier = signIn(1, CASHIER, CASHIER_PASSWORD);
        assertEquals("1609", code(service.call(bytes(envelope(WRITE, msgid(2), CASHIER, cashier)))));
        assertEquals(0, rows());
        String technician = signIn(3, TECHNICIAN, TECHNICIAN_PASSWORD);
        assertEquals("1608", code(service.call(bytes(envelope(WRITE, msgid(4), CASHIER, technician)))), "another's sign_no");
        clock.advance(Duration.ofHours(8));
        assertEquals("1606", code(service.call(bytes(envelope(WRITE, msgid(5), TECHNICIAN, technician)))));
        assertEquals(0, rows());
    }

    @Test void aSuccessWithoutWritesIsRecordedByTheService() throws Exception {
        String signNo = signIn(1, TECHNICIAN, TECHNICIAN_PASSWORD);
        byte[] body = bytes(envelope(QUERY, msgid(2), TECHNICIAN, signNo));
        String first = service.call(body);
        JsonNode answer = MAPPER.readTree(first);
        assertEquals("演示警告", answer.get("warn_msg").asText());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(first, service.call(body), "the stored answer, not a fresh one with a new clock");
    }

    /** What the service logs for a failure: a warning without a stack trace for the machine's condition, an error with one for a bug. */
    private static List<ILoggingEvent> logged(ThrowingRunnable call) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(CallService.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            call.run();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test void aFullDiskAnswers1018AndWritesNothing() throws Exception {
        String signNo = signIn(1, TECHNICIAN, TECHNICIAN_PASSWORD);
        byte[] body = bytes(envelope(FULL, msgid(2), TECHNICIAN, signNo));
        List<ILoggingEvent> warned = logged(() -> service.call(body));
        assertEquals(1, warned.size(), warned.toString());
        assertEquals(Level.WARN, warned.getFirst().getLevel(), "a full disk is the machine's condition, not a bug");
        assertNull(warned.getFirst().getThrowableProxy(), "no stack trace for each request while the disk is full");
        JsonNode answer = MAPPER.readTree(service.call(body));
        assertEquals(-1, answer.get("infcode").intValue());
        assertEquals("1018", answer.get("term_errcode").asText(), answer.toString());
        assertEquals("终端存储空间已满，请联系技术人员清理：未写入任何数据", answer.get("err_msg").asText());
        assertEquals(0, rows(), "the settlement-like row was rolled back with the answer");
        assertEquals("1018", code(service.call(body)), "run again, not replayed");
    }

    @Test void aHandlerBugAnswers1019AndIsNotRecorded() throws Exception {
        String signNo = signIn(1, TECHNICIAN, TECHNICIAN_PASSWORD);
        byte[] body = bytes(envelope(BROKEN, msgid(2), TECHNICIAN, signNo));
        List<ILoggingEvent> logged = logged(() -> service.call(body));
        assertEquals(Level.ERROR, logged.getFirst().getLevel());
        assertNotNull(logged.getFirst().getThrowableProxy(), "a bug is logged with its stack trace");
        JsonNode answer = MAPPER.readTree(service.call(body));
        assertEquals(-1, answer.get("infcode").intValue());
        assertEquals("1019", answer.get("term_errcode").asText());
        assertEquals("终端内部错误，请联系技术人员", answer.get("err_msg").asText(), "no exception text reaches the host");
        assertEquals("1019", code(service.call(body)), "run again, not replayed");
    }
}
