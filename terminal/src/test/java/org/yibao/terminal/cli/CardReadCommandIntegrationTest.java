package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code terminal card read} as its own process against a real pcscd, vpcd and the virtual 社保卡. */
class CardReadCommandIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;
    private PcscStack pcsc;

    @BeforeEach void start() throws Exception {
        pcsc = new PcscStack(dir);
    }

    @AfterEach void stop() throws Exception {
        pcsc.close();
    }

    private CliProcess.Result read(String... extra) throws Exception {
        String[] args = new String[3 + extra.length];
        args[0] = "card";
        args[1] = "read";
        args[2] = "--today=2026-11-23";
        System.arraycopy(extra, 0, args, 3, extra.length);
        return CliProcess.run(pcsc.env(), args);
    }

    private static JsonNode json(CliProcess.Result r) throws Exception {
        return JSON.readTree(r.line());
    }

    private static void assertRefused(CliProcess.Result r, String code) throws Exception {
        assertEquals(2, r.exit(), r.toString());
        JsonNode node = json(r);
        assertEquals(code, node.get("term_errcode").asText(), r.toString());
        assertFalse(node.get("err_msg").asText().isBlank());
    }

    @Test void goodCardPrintsMaskedIdentityAndUnmaskedOnRequest() throws Exception {
        pcsc.insertCard();
        CliProcess.Result masked = read("--wait-s", "10");
        assertEquals(0, masked.exit(), masked.toString());
        JsonNode m = json(masked);
        assertEquals("03", m.get("mdtrt_cert_type").asText());
        assertEquals("S******12", m.get("mdtrt_cert_no").asText());
        assertEquals("371500**********************4966", m.get("card_sn").asText());
        assertEquals("3715**********1234", m.get("certno").asText());
        assertEquals("张*", m.get("psn_name").asText());
        assertEquals("1", m.get("gend").asText());
        assertEquals("01", m.get("naty").asText());
        assertEquals("****-**-**", m.get("brdy").asText(), "digits 7-14 of the masked certno");
        assertEquals("371500", m.get("card_admdvs").asText());
        assertEquals("3.00", m.get("card_ver").asText());
        assertEquals("2021-12-31", m.get("card_issu_date").asText());
        assertEquals("2036-12-31", m.get("card_expy_date").asText());
        assertFalse(masked.line().contains("张三") || masked.err().contains("张三") || masked.err().contains("371502198801011234"));

        JsonNode u = json(read("--wait-s", "10", "--unmasked"));
        assertEquals("S37150012", u.get("mdtrt_cert_no").asText());
        assertEquals("371500D15600000500BF7C7A48FB4966", u.get("card_sn").asText());
        assertEquals("371502198801011234", u.get("certno").asText());
        assertEquals("张三", u.get("psn_name").asText());
        assertEquals("1988-01-01", u.get("brdy").asText());
    }

    @Test void readerPatternSelectsTheReader() throws Exception {
        pcsc.insertCard();
        assertEquals(0, read("--reader", "Virtual PCD 00 00$").exit());
        assertRefused(read("--reader", "Virtual PCD 00 01$", "--wait-s", "1"), "1402");
        assertRefused(read("--reader", "^ACS ACR122", "--wait-s", "1"), "1401");
    }

    @Test void noCard() throws Exception {
        assertRefused(read("--wait-s", "1"), "1402");
    }

    @Test void expiredCard() throws Exception {
        pcsc.insertCard("--variant", "expired");
        assertRefused(read(), "1407");
    }

    @Test void notASocialSecurityCard() throws Exception {
        pcsc.insertCard("--variant", "not-sscard");
        assertRefused(read(), "1404");
    }

    @Test void malformedRecord() throws Exception {
        pcsc.insertCard("--variant", "malformed");
        assertRefused(read(), "1406");
    }

    @Test void pinBlockedAndWrongPin() throws Exception {
        pcsc.insertCard("--variant", "pin-blocked");
        CliProcess blocked = CliProcess.start(pcsc.env(), "card", "read", "--today=2026-11-23", "--pin-stdin");
        blocked.stdin("123456\n");
        assertRefused(blocked.finish(), "1408");
        pcsc.removeCard();
        pcsc.insertCard();
        CliProcess wrong = CliProcess.start(pcsc.env(), "card", "read", "--today=2026-11-23", "--pin-stdin");
        wrong.stdin("654321\n");
        CliProcess.Result r = wrong.finish();
        assertRefused(r, "1409");
        assertEquals("社保卡密码错误：还可尝试2次", json(r).get("err_msg").asText());
    }

    @Test void cardRemovedDuringTheRead() throws Exception {
        pcsc.insertCard("--sleep-on-record", "09", "--sleep-seconds", "60");
        CliProcess reading = CliProcess.start(pcsc.env(), "card", "read", "--today=2026-11-23");
        pcsc.awaitCard("SLEEPING");
        pcsc.removeCard();
        assertRefused(reading.finish(), "1403");
    }

    @Test void pcscdDownThenRestartedBetweenTwoReads() throws Exception {
        pcsc.insertCard("--chain", "--wrong-le", "--no-sfi");
        assertEquals(0, read().exit());
        pcsc.removeCard();
        pcsc.stopPcscd();
        assertRefused(read("--wait-s", "1"), "1410");
        pcsc.startPcscd();
        pcsc.insertCard();
        CliProcess.Result again = read();
        assertEquals(0, again.exit(), again.toString());
    }
}
