package org.yibao.terminal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code terminal voucher keygen | issue | verify} through the real command line, in process. */
class VoucherCommandTest {
    static final long NOW = 1_800_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new TerminalCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString().strip(), err.toString());
    }

    /** keygen into dir; returns the private key file (the trust file is dir/trust.json). */
    private Path keygen(String alg, String kid) {
        Path key = dir.resolve(kid + ".pem");
        Run gen = run("voucher", "keygen", "--alg", alg, "--kid", kid, "--not-before", "0", "--not-after", "9999999999",
                "--private-out", key.toString(), "--trust-out", dir.resolve("trust.json").toString());
        assertEquals(0, gen.exit(), gen.err());
        assertTrue(gen.out().startsWith("{\"kid\":\"" + kid + "\",\"alg\":\"" + alg + "\""), gen.out());
        assertFalse(gen.out().contains("PRIVATE KEY"), "private key went to the file");
        return key;
    }

    private String issue(Path key, String kid, String alg, String... extra) {
        String[] base = {"voucher", "issue", "--key", key.toString(), "--kid", kid, "--alg", alg, "--psn-no", "43000012345678",
                "--name", "张三丰", "--now", Long.toString(NOW - 5)};
        Run issued = run(concat(base, extra));
        assertEquals(0, issued.exit(), issued.err());
        assertTrue(issued.out().startsWith("YBEC1."), issued.out());
        return issued.out();
    }

    private Run verify(String qr, String... extra) {
        String[] base = {"voucher", "verify", "--trust", dir.resolve("trust.json").toString(),
                "--state-dir", dir.resolve("state").toString(), "--now", Long.toString(NOW)};
        return run(concat(concat(base, extra), qr));
    }

    private static String[] concat(String[] head, String... tail) {
        return Stream.concat(Arrays.stream(head), Arrays.stream(tail)).toArray(String[]::new);
    }

    @Test void sm2KeygenIssueVerifyThenReplay() throws Exception {
        Path key = keygen("SM2", "hsa-2026-01");
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
        String token = "T".repeat(20) + "0123456789abcdefghij";
        String qr = issue(key, "hsa-2026-01", "SM2", "--ec-token", token, "--biz", "01301");

        Run first = verify(qr);
        assertEquals(0, first.exit(), first.out() + first.err());
        JsonNode valid = first.json();
        assertTrue(valid.get("valid").asBoolean());
        assertEquals("TTTT********************************ghij", valid.get("ec_token").asText());
        assertEquals("430********678", valid.get("psn_no").asText(), "14 characters: 3 kept at each end, at least half hidden");
        assertFalse(first.out().contains("43000012345678"));
        assertEquals("张*丰", valid.get("psn_name").asText());
        assertEquals("01301", valid.get("biz").asText());
        assertEquals(NOW - 5, valid.get("iat").asLong());
        assertEquals(NOW + 115, valid.get("exp").asLong());
        assertFalse(first.out().contains(token));

        Run replay = verify(qr);
        assertEquals(2, replay.exit());
        assertEquals("1519", replay.json().get("term_errcode").asText());
        assertTrue(replay.json().get("err_msg").asText().contains("已使用"), replay.out());
        assertFalse(replay.json().get("valid").asBoolean());
    }

    @Test void es256AndUnmasked() throws Exception {
        Path key = keygen("ES256", "hsa-es-01");
        String qr = issue(key, "hsa-es-01", "ES256");
        Run run = verify(qr, "--unmasked");
        assertEquals(0, run.exit(), run.out());
        String token = run.json().get("ec_token").asText();
        assertEquals(48, token.length());
        assertFalse(token.contains("*"));
        assertFalse(run.json().get("psn_no").asText().contains("*"));
    }

    @Test void refusalsPrintTheirCode() throws Exception {
        Path key = keygen("SM2", "k1");
        Run expired = verify(issue(key, "k1", "SM2", "--ttl-s", "1"), "--skew-s", "0");
        assertEquals(2, expired.exit());
        assertEquals("1516", expired.json().get("term_errcode").asText());
        Run tooLong = verify(issue(key, "k1", "SM2", "--ttl-s", "301"));
        assertEquals("1518", tooLong.json().get("term_errcode").asText());
        Run junk = verify("hello");
        assertEquals(2, junk.exit());
        assertEquals("1502", junk.json().get("term_errcode").asText());
    }

    @Test void aBadTrustFileIsARefusalNotACrash() throws Exception {
        Files.writeString(dir.resolve("trust.json"), "{\"version\":\"v\",\"keys\":[],\"oops\":true}");
        Run run = verify("YBEC1.a.b.c");
        assertEquals(2, run.exit());
        assertEquals("1563", run.json().get("term_errcode").asText());
        Files.delete(dir.resolve("trust.json"));
        assertEquals("1560", verify("YBEC1.a.b.c").json().get("term_errcode").asText());
    }

    @Test void issueRefusesAKeyOfTheOtherAlgorithm() {
        Path key = keygen("SM2", "k2");
        Run run = run("voucher", "issue", "--key", key.toString(), "--kid", "k2", "--alg", "ES256", "--psn-no", "1");
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("the key is SM2"), run.err());
    }
}
