package org.yibao.terminal.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.api.envelope.Envelopes.bytes;
import static org.yibao.terminal.api.envelope.Envelopes.envelope;
import static org.yibao.terminal.api.envelope.Envelopes.msgid;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER;
import static org.yibao.terminal.operator.OperatorFixtures.CASHIER_PASSWORD;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.provisioning.selftest.DiskSpaceCheck;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.operator.OperatorFixtures;
import org.yibao.terminal.storage.StorageWatch;

/**
 * 9001 over the real local API (SQLite file, HTTP server on loopback) with the terminal's storage
 * watch on the real data folder: with a low-water mark above the machine's free space the disk
 * reads low for real and the sign-in succeeds with the cashier's warn_msg, also when the same
 * 9001 is sent again (it is answered anew, never replayed); with the default mark it says nothing.
 */
class SignInStorageNoticeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path dir;
    private final HandClock clock = new HandClock(OperatorFixtures.START);
    private ApiFixture api;

    @AfterEach void stop() {
        if (api != null) api.close();
    }

    @Test void aLowDiskIsToldToTheCashierAtSignInAndRefusesNothing() throws Exception {
        long free = Files.getFileStore(dir).getUsableSpace();
        StorageWatch watch = new StorageWatch(dir, free + (1L << 40), StorageWatch.EVERY, clock);
        api = ApiFixture.start(dir, clock, HttpServerConfig.loopback(0), watch::cashierNotice);

        byte[] request = bytes(signIn(1));
        JsonNode first = MAPPER.readTree(api.post(request).body());
        assertEquals(0, first.path("infcode").asInt(), first.toString());
        assertTrue(first.path("warn_msg").asText().matches("终端存储空间不足（剩余 \\d+ MB），请联系技术人员清理"), first.toString());
        assertEquals(32, first.at("/output/signinoutb/sign_no").asText().length(), first.toString());

        JsonNode again = MAPPER.readTree(api.post(request).body());
        assertEquals(0, again.path("infcode").asInt(), again.toString());
        assertEquals(first.path("warn_msg").asText(), again.path("warn_msg").asText(), "the same 9001 again is told again");
        assertNotEquals(first.at("/output/signinoutb/sign_no").asText(), again.at("/output/signinoutb/sign_no").asText(),
                "answered anew with a new sign_no, not replayed");
    }

    @Test void withRoomOnTheDiskTheSignInSaysNothing() throws Exception {
        StorageWatch watch = new StorageWatch(dir, DiskSpaceCheck.DEFAULT_MIN_FREE, StorageWatch.EVERY, clock);
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.getFileStore(dir).getUsableSpace() > 4 * DiskSpaceCheck.DEFAULT_MIN_FREE,
                "this machine's disk is itself nearly full");
        api = ApiFixture.start(dir, clock, HttpServerConfig.loopback(0), watch::cashierNotice);

        JsonNode answer = MAPPER.readTree(api.post(bytes(signIn(1))).body());
        assertEquals(0, answer.path("infcode").asInt(), answer.toString());
        assertEquals("", answer.path("warn_msg").asText("missing"), answer.toString());
    }

    private static ObjectNode signIn(int seq) {
        ObjectNode node = envelope("9001", msgid(seq), CASHIER, "");
        node.putObject("input").putObject("signIn")
                .put("opter_no", CASHIER).put("mac", "00:11:22:33:44:55").put("ip", "127.0.0.1").put("term_password", CASHIER_PASSWORD);
        return node;
    }
}
