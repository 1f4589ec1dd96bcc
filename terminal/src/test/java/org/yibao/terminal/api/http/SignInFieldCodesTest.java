package org.yibao.terminal.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.api.envelope.Envelopes.bytes;
import static org.yibao.terminal.api.envelope.Envelopes.envelope;
import static org.yibao.terminal.api.envelope.Envelopes.msgid;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER_PASSWORD;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.api.envelope.Envelopes;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.operator.LockoutPolicy;
import org.yibao.terminal.operator.OperatorFixtures;

/**
 * README, Local API: "a bad one is refused with term_errcode 1020-1039 …: a missing (1021) or
 * wrong-typed (1022 …) field … in every transaction's input". 9001's {@code input.signIn} and
 * 9002's {@code input.signOut} are a transaction's input like 2103's {@code input.data}, so their
 * fields are refused 1021/1022 too, not with the envelope's 1003/1004 (found by the bbsignin
 * black-box run: 9001 without term_password answered 1003).
 */
class SignInFieldCodesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path dir;
    private final HandClock clock = new HandClock(OperatorFixtures.START);
    private SqliteDatabase database;
    private CallService service;

    @BeforeEach void assemble() throws Exception {
        database = OperatorFixtures.database(dir);
        LocalApi api = LocalApi.assemble(Envelopes.FIXMEDINS, database, OperatorFixtures.HASHER, LockoutPolicy.DEFAULT,
                Duration.ofHours(8), clock, () -> "");
        OperatorFixtures.seed(api.operators());
        service = api.service();
    }

    @AfterEach void close() {
        database.close();
    }

    private JsonNode call(ObjectNode node) throws Exception {
        return MAPPER.readTree(service.call(bytes(node)));
    }

    private static void refused(JsonNode answer, String code, String path) {
        assertEquals(-1, answer.get("infcode").intValue(), answer.toString());
        assertEquals(code, answer.get("term_errcode").asText(), answer.toString());
        assertTrue(answer.get("err_msg").asText().contains(path), answer.toString());
    }

    @Test void aSignInWithoutItsPasswordIs1021() throws Exception {
        ObjectNode node = envelope("9001", msgid(1), CASHIER, "");
        node.putObject("input").putObject("signIn").put("opter_no", CASHIER).put("mac", "").put("ip", "127.0.0.1");
        refused(call(node), "1021", "input.signIn.term_password");
    }

    @Test void aSignInWithANumberForItsPasswordIs1022() throws Exception {
        ObjectNode node = envelope("9001", msgid(2), CASHIER, "");
        node.putObject("input").putObject("signIn").put("opter_no", CASHIER).put("term_password", 12345678);
        refused(call(node), "1022", "input.signIn.term_password");
    }

    @Test void aSignOutWithoutItsSignNoIs1021() throws Exception {
        ObjectNode in = envelope("9001", msgid(3), CASHIER, "");
        in.putObject("input").putObject("signIn").put("opter_no", CASHIER).put("term_password", CASHIER_PASSWORD);
        JsonNode signedIn = call(in);
        assertEquals(0, signedIn.get("infcode").intValue(), signedIn.toString());
        String signNo = signedIn.at("/output/signinoutb/sign_no").asText();
        ObjectNode out = envelope("9002", msgid(4), CASHIER, signNo);
        out.putObject("input").putObject("signOut").put("opter_no", CASHIER);
        refused(call(out), "1021", "input.signOut.sign_no");
    }
}
