package org.yibao.terminal.api.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.api.envelope.Envelopes.bytes;
import static org.yibao.terminal.api.envelope.Envelopes.envelope;
import static org.yibao.terminal.api.envelope.Envelopes.msgid;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yibao.terminal.domain.Refusal;

class EnvelopeParserTest {
    private final EnvelopeParser parser = new EnvelopeParser();

    private ObjectNode valid() {
        ObjectNode node = envelope("9001", msgid(1), "C001", "");
        node.putObject("input").putObject("signIn").put("opter_no", "C001");
        return node;
    }

    private Refusal refused(byte[] body) {
        return assertInstanceOf(ParseOutcome.Rejected.class, parser.parse(body)).refusal();
    }

    private ParsedRequest parsed(byte[] body) {
        return assertInstanceOf(ParseOutcome.Parsed.class, parser.parse(body)).request();
    }

    @Test void readsEveryFieldOfAValidEnvelope() {
        RequestEnvelope envelope = parsed(bytes(valid())).envelope();
        assertEquals("9001", envelope.infno());
        assertEquals(msgid(1), envelope.msgid().value());
        assertEquals("P43010200001", envelope.msgid().fixmedinsCode());
        assertEquals("430102", envelope.mdtrtareaAdmvs());
        assertEquals(OpterType.STAFF, envelope.opterType());
        assertEquals(LocalDateTime.of(2026, 3, 2, 9, 0), envelope.infTime());
        assertEquals("测试大药房", envelope.fixmedinsName());
        assertEquals("", envelope.signNo());
        assertEquals("C001", envelope.input().get("signIn").get("opter_no").asText());
    }

    @Test void optionalFieldsMayBeAbsentOrNullAndUnknownFieldsAreIgnored() {
        ObjectNode node = valid();
        node.remove("dev_no");
        node.putNull("sign_no");
        node.put("some_future_field", 42);
        RequestEnvelope envelope = parsed(bytes(node)).envelope();
        assertEquals("", envelope.devNo());
        assertEquals("", envelope.signNo());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"infno\":\"9001\",}", "nonsense", "{} {}", "{\"a\":1,\"a\":2}",
            "{\"a\":NaN}", "{\"a\":'x'}", "{\"a\":1} trailing", "{\"a\":\"unterminated}", "{\"a\":[1,2}"})
    void badJsonIs1001(String body) {
        Refusal refusal = refused(bytes(body));
        assertEquals("1001", refusal.reason().code(), refusal.errMsg());
    }

    /** A cashier sees err_msg: it says what is wrong in Chinese, never the parser's English or its class names. */
    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"infno\":\"9001\",}", "nonsense", "{} {}", "{\"a\":NaN}", "{\"a\":'x'}",
            "{\"a\":1} trailing", "{\"a\":\"unterminated}", "{\"a\":[1,2}", "{\"a\":1,\"a\":2}"})
    void badJsonIsExplainedInChineseWithItsPlace(String body) {
        String errMsg = refused(bytes(body)).errMsg();
        assertFalse(errMsg.matches("(?s).*[A-Za-z]{5,}.*"), errMsg);
        assertTrue(errMsg.contains("第 1 行第 "), errMsg);
    }

    @Test void tooDeepOrTooLongNumbersAreExplainedInChinese() {
        String deep = "{\"a\":" + "[".repeat(70) + "]".repeat(70) + "}";
        String longNumber = "{\"a\":" + "9".repeat(1200) + "}";
        for (String body : new String[] {deep, longNumber}) {
            Refusal refusal = refused(bytes(body));
            assertEquals("1001", refusal.reason().code(), refusal.errMsg());
            assertFalse(refusal.errMsg().matches("(?s).*[A-Za-z]{5,}.*"), refusal.errMsg());
            assertTrue(refusal.errMsg().contains("超出"), refusal.errMsg());
        }
    }

    /**
     * A number whose exponent no BigDecimal holds (scale beyond an int) is a few bytes of valid
     * JSON syntax that the JSON reader cannot turn into a number: refused 1001 like any other
     * unreadable body, in Chinese, never an exception out of the parser (which would drop the
     * host's connection instead of answering infcode -1).
     */
    @ParameterizedTest
    @ValueSource(strings = {"1E-2147483648", "1.0E-2147483647", "0E-2147483648", "-5e-2147483648"})
    void aNumberBeyondWhatADecimalHoldsIs1001InChinese(String number) {
        ObjectNode node = valid();
        String body = node.toString().replace("\"input\":{", "\"input\":{\"det_item_fee_sumamt\":" + number + ",");
        Refusal refusal = refused(bytes(body));
        assertEquals("1001", refusal.reason().code(), refusal.errMsg());
        assertEquals("请求不是有效的 JSON：数字超出范围（指数过大或过小）", refusal.errMsg());
    }

    @Test void duplicateKeysAreNamed() {
        Refusal refusal = refused(bytes("{\"infno\":\"9001\",\"infno\":\"2102\"}"));
        assertEquals("1001", refusal.reason().code());
        assertTrue(refusal.errMsg().contains("键 infno 重复"), refusal.errMsg());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"9001\"", "42", "null", "true"})
    void aNonObjectIs1002(String body) {
        assertEquals("1002", refused(bytes(body)).reason().code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"infno", "msgid", "opter_type", "opter", "inf_time", "fixmedins_code", "input"})
    void eachMissingRequiredFieldIs1003AndNamed(String field) {
        ObjectNode node = valid();
        node.remove(field);
        Refusal refusal = refused(bytes(node));
        assertEquals("1003", refusal.reason().code());
        assertEquals(field, refusal.detail());
        node.putNull(field);
        assertEquals("1003", refused(bytes(node)).reason().code(), "null counts as missing");
        if (!field.equals("input")) {
            node.put(field, "");
            assertEquals("1003", refused(bytes(node)).reason().code(), "empty counts as missing");
        }
    }

    @Test void codesMayComeAsWholeNumbersAsBusinessInputCodesMay() {
        ObjectNode node = valid();
        node.put("infno", 9001);
        node.put("opter_type", 2);
        node.put("mdtrtarea_admvs", 371502);
        node.put("insuplc_admdvs", 371500);
        RequestEnvelope envelope = parsed(bytes(node)).envelope();
        assertEquals("9001", envelope.infno());
        assertEquals(OpterType.KIOSK, envelope.opterType());
        assertEquals("371502", envelope.mdtrtareaAdmvs());
        assertEquals("371500", envelope.insuplcAdmdvs());
        node.put("opter_type", 1.5);
        assertEquals("1004", refused(bytes(node)).reason().code(), "a fraction is no code");
    }

    @ParameterizedTest
    @CsvSource({"sign_no,0", "opter_name,0", "msgid,0", "opter,1", "fixmedins_code,1"})
    void aNumberWhereTextBelongsIs1004(String field, int number) {
        ObjectNode node = valid();
        node.put(field, number);
        Refusal refusal = refused(bytes(node));
        assertEquals("1004", refusal.reason().code());
        assertTrue(refusal.detail().startsWith(field + " 须为字符串，实为数字"), refusal.detail());
    }

    @Test void inputThatIsNotAnObjectIs1004() {
        ObjectNode node = valid();
        node.putArray("input");
        Refusal refusal = refused(bytes(node));
        assertEquals("1004", refusal.reason().code());
        assertEquals("input 须为对象，实为数组", refusal.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "P4301020000120260302090000001",     // 29 characters
        "P430102000012026030209000000011",   // 31 characters
        "P43010200001202603020900000A01",    // letter in the sequence
        "P43010200001202602300900000001",    // 30 February
        "P43010200001202603022400000001",    // hour 24
        "P4301020000-20260302090000 001"})   // punctuation
    void aMalformedMsgidIs1005(String msgid) {
        ObjectNode node = valid();
        node.put("msgid", msgid);
        assertEquals("1005", refused(bytes(node)).reason().code());
    }

    @Test void aMsgidFromAnotherInstitutionIs1005() {
        ObjectNode node = valid();
        node.put("msgid", "H11010500002" + "20260302090000" + "0001");
        Refusal refusal = refused(bytes(node));
        assertEquals("1005", refusal.reason().code());
        assertTrue(refusal.detail().contains("fixmedins_code"), refusal.detail());
    }

    @Test void aParserServingOneInstitutionRefusesRequestsForAnotherWith1016() {
        ObjectNode other = valid();
        other.put("fixmedins_code", "H11010500002").put("msgid", "H11010500002" + "20260302090000" + "0001");
        EnvelopeParser ours = new EnvelopeParser(Envelopes.FIXMEDINS);
        ParseOutcome outcome = ours.parse(bytes(other));
        Refusal refusal = assertInstanceOf(ParseOutcome.Rejected.class, outcome).refusal();
        assertEquals("1016", refusal.reason().code());
        assertTrue(refusal.detail().contains("H11010500002") && refusal.detail().contains(Envelopes.FIXMEDINS), refusal.detail());
        assertInstanceOf(ParseOutcome.Parsed.class, ours.parse(bytes(valid())), "its own institution's requests are read");
        assertInstanceOf(ParseOutcome.Parsed.class, parser.parse(bytes(other)), "a parser for any institution reads both");
    }

    @ParameterizedTest
    @CsvSource({"opter_type,4", "opter_type,01", "inf_time,2026-03-02T09:00:00", "inf_time,2026-02-30 09:00:00",
                "inf_time,2026-03-02 9:00:00", "fixmedins_code,P4301020000", "infno,90 01"})
    void aBadValueIs1006(String field, String value) {
        ObjectNode node = valid();
        node.put(field, value);
        Refusal refusal = refused(bytes(node));
        assertEquals("1006", refusal.reason().code(), refusal.errMsg());
        assertTrue(refusal.detail().startsWith(field), refusal.detail());
    }

    /** The input handed to the handlers keeps a decimal as sent: 20.00 stays 20.00 (detlcutinfo echoes pric and cnt). */
    @Test void theInputKeepsEachDecimalAsSent() throws Exception {
        ObjectNode node = valid();
        String body = node.toString().replace("\"input\":{", "\"input\":{\"pric\":20.00,\"cnt\":1.5000,\"n\":3,");
        ObjectNode input = parsed(bytes(body)).envelope().input();
        assertEquals("20.00", input.get("pric").decimalValue().toPlainString());
        assertEquals("1.5000", input.get("cnt").decimalValue().toPlainString());
        assertEquals("12.30", parser.mapper().readTree("{\"a\":12.30}").get("a").decimalValue().toPlainString(),
                "the mapper handlers are given reads as the parser does");
    }

    /** opter_type travels as "1", "2", "3" (the claim to the centre echoes it); a msgid prints as itself in logs. */
    @Test void opterTypesAndMsgidsAreWrittenAsTheyTravel() {
        assertEquals(java.util.List.of("1", "2", "3"),
                java.util.Arrays.stream(OpterType.values()).map(OpterType::code).toList());
        for (OpterType type : OpterType.values()) assertEquals(type, OpterType.ofCode(type.code()).orElseThrow());
        assertEquals(msgid(7), new Msgid(msgid(7)).toString());
    }

    @Test void invalidUtf8Is1007() {
        byte[] body = bytes(valid());
        byte[] broken = new byte[body.length + 2];
        System.arraycopy(body, 0, broken, 0, body.length - 1);
        broken[body.length - 1] = (byte) 0xC3;
        broken[body.length] = (byte) 0x28;
        broken[body.length + 1] = '}';
        assertEquals("1007", refused(broken).reason().code());
    }

    @Test void theFingerprintIgnoresKeyOrderSpacingAndInfTimeButNotTheInput() {
        ObjectNode node = valid();
        String hash = parsed(bytes(node)).requestHash();
        String reordered = "{ \"input\" : {\"signIn\":{\"opter_no\":\"C001\"}},\n" + node.toString().substring(1).replace(",\"input\":{\"signIn\":{\"opter_no\":\"C001\"}}", "");
        assertEquals(hash, parsed(bytes(reordered)).requestHash());
        node.put("inf_time", "2026-03-02 09:00:05");
        assertEquals(hash, parsed(bytes(node)).requestHash(), "a retry with a new inf_time is the same request");
        ((ObjectNode) node.get("input").get("signIn")).put("opter_no", "C002");
        assertNotEquals(hash, parsed(bytes(node)).requestHash());
    }

    @Test void aByteOrderMarkIsAccepted() {
        byte[] body = bytes(valid());
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        assertEquals("9001", parsed(withBom).envelope().infno());
    }

    @Property(tries = 300)
    void anyBytesGiveAnAnswerNeverAnException(@ForAll byte[] body) {
        ParseOutcome outcome = parser.parse(body);
        if (outcome instanceof ParseOutcome.Rejected(Refusal refusal)) {
            assertTrue(refusal.reason().code().matches("10(0[1-9]|1[0-9])"), refusal.reason().code());
        }
    }
}
