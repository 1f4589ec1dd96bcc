package org.yibao.provisioning.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the diagnostics' masking pass masks in free text, and the ordinary ids it leaves alone. */
class PersonalDataScrubberTest {

    /** The demo's 张三丰 社保卡: a 卡号 is one letter and eight digits. */
    static final String CARD_NO = "D37150201";

    private static void assertMasked(String text, String... personal) {
        String scrubbed = PersonalDataScrubber.scrub(text);
        for (String value : personal) {
            assertFalse(scrubbed.contains(value), () -> value + " leaked: " + scrubbed);
        }
        assertEquals(scrubbed, PersonalDataScrubber.scrub(scrubbed), "idempotent");
    }

    @Test
    void aCardNumberOnItsOwnIsMaskedKeepingOnlyItsFirstAndLastTwo() {
        String scrubbed = PersonalDataScrubber.scrub("raw card read " + CARD_NO + " ok");
        assertEquals("raw card read D******01 ok", scrubbed);
        assertEquals("{\"mdtrt_cert_no\":\"D******01\"} D******01, (D******01)",
                PersonalDataScrubber.scrub("{\"mdtrt_cert_no\":\"" + CARD_NO + "\"} " + CARD_NO + ", (" + CARD_NO + ")"));
    }

    @Test
    void valuesAfterCardAndNameKeysAreMasked() {
        assertEquals("card=D******01 card_no: D******01 name=王*五 psn_name=\"王*五\"",
                PersonalDataScrubber.scrub("card=" + CARD_NO + " card_no: " + CARD_NO + " name=王老五 psn_name=\"王老五\""));
        assertMasked("{\"card\":\"" + CARD_NO + "\",\"cardno\":\"A37150212345678\"}", CARD_NO, "37150212345678");
    }

    @Test
    void valuesAfterChineseLabelsAreMaskedWhateverTheSeparator() {
        assertEquals("读卡成功 姓名 王*五 卡号 D******01", PersonalDataScrubber.scrub("读卡成功 姓名 王老五 卡号 " + CARD_NO));
        assertEquals("姓名：欧**娜，卡号：D******01；", PersonalDataScrubber.scrub("姓名：欧阳娜娜，卡号：" + CARD_NO + "；"));
        assertMasked("{\"姓名\":\"王老五\",\"社会保障卡号\":\"B12345678\",\"身份证号\":\"371502195001013456\"}",
                "王老五", "B12345678", "371502195001013456");
        assertMasked("患者姓名=张三丰 社保卡号=" + CARD_NO, "张三丰", CARD_NO);
    }

    /** A short 卡号 after its label keeps at least half hidden: D**34 would show 3 of its 5 characters. */
    @Test
    void aShortCardNumberAfterItsLabelKeepsAtLeastHalfHidden() {
        assertEquals("卡号：*****", PersonalDataScrubber.scrub("卡号：D1234"));
        assertEquals("{\"card_no\":\"****\"}", PersonalDataScrubber.scrub("{\"card_no\":\"D123\"}"));
    }

    /**
     * A 卡号 of ten characters (M12345678X, the shape the terminal's own masking documents) on its own, as the
     * local API's log line quotes a wrong path: masked as the nine-character one is.
     */
    @Test
    void aTenCharacterCardNumberOnItsOwnIsMasked() {
        assertEquals("HTTP GET /fsi/api/M*******8X -> 404 1012",
                PersonalDataScrubber.scrub("HTTP GET /fsi/api/M12345678X -> 404 1012"));
    }

    @Test
    void ordinaryIdsAreLeftAlone() {
        String text = "settled setl_id=DEMO01-S00000001 claim DEMO01-17 msgid=H00000000001202612031632360003"
                + " {\"setl_id\":\"T01-S00000042\",\"msgid\":\"H00000000001202612031632360004\"} catalog ver 20260701 code XA01"
                + " {\"fixmedins_code\":\"P37150200001\"} institution H00000000001";
        assertEquals(text, PersonalDataScrubber.scrub(text));
    }

    @Test
    void labelsWithoutAValueAndLogWordsStayReadable() {
        String text = "1021 报文缺少必填字段：姓名不能为空 waiting for card reader; card removed";
        assertEquals(text, PersonalDataScrubber.scrub(text));
    }

    @Test
    void whatWasMaskedBeforeStillIs() {
        String scrubbed = PersonalDataScrubber.scrub("psn_name=欧阳娜娜 certno=371523199001011234 id 371523199001011234 "
                + "acct 6222021234567890123 token ecT0k3nQ9xZ7vB2nM4kL8pW6rY1sD5fG");
        assertTrue(scrubbed.contains("psn_name=欧**娜"), scrubbed);
        assertTrue(scrubbed.contains("certno=3715**********1234"), scrubbed);
        assertTrue(scrubbed.contains("id 3715**********1234"), scrubbed);
        assertMasked(scrubbed, "371523199001011234", "6222021234567890123", "ecT0k3nQ9xZ7vB2nM4kL8pW6rY1sD5fG");
    }

    @Test
    void aBirthDateIsMaskedWholeSoTheMaskedIdBesideItStaysMasked() {
        String scrubbed = PersonalDataScrubber.scrub("{\"certno\":\"371502199001011234\",\"brdy\":\"1990-01-01\"} brdy=1990-01-01");
        assertEquals("{\"certno\":\"3715**********1234\",\"brdy\":\"****-**-**\"} brdy=****-**-**", scrubbed);
        assertMasked(scrubbed, "1990", "19900101");
    }

    @Test
    void namesKnownFromElsewhereAreMaskedWhereFreeTextQuotesThem() {
        String reason = "参保人张三丰（371502199001011234）已暂停参保，张三丰请到经办机构";
        assertEquals("参保人张*丰（3715**********1234）已暂停参保，张*丰请到经办机构",
                PersonalDataScrubber.scrub(reason, java.util.List.of("张三丰")));
        assertEquals("参保人张三丰（3715**********1234）已暂停参保，张三丰请到经办机构", PersonalDataScrubber.scrub(reason),
                "without the name known, only the number is found");
        assertEquals("丰收", PersonalDataScrubber.scrub("丰收", java.util.List.of("丰", "")), "a one-character name is not looked for");
    }

    @Test
    void aValueTheSecretPassRemovedIsLeftAsItIs() {
        String once = PersonalDataScrubber.scrub(SecretScrubber.scrub("{\"ec_token\":\"abc\",\"term_password\":\"demo-0001\"}"));
        assertEquals("{\"ec_token\":\"<removed>\",\"term_password\":\"<removed>\"}", once);
    }

    @Test
    void secretsInsideALineAreRemovedToo() {
        String log = "12:00:01 INFO sign-in term_password=demo-0001 opter=0001\nheader X-Term-Api-Key: Plant-Hdr-Key-1122334455\n";
        String scrubbed = SecretScrubber.scrub(log);
        assertFalse(scrubbed.contains("demo-0001") || scrubbed.contains("Plant") || scrubbed.contains("1122334455"), scrubbed);
        assertTrue(scrubbed.contains("term_password=<removed> opter=0001") && scrubbed.contains("X-Term-Api-Key: <removed>"), scrubbed);
        assertEquals(scrubbed, SecretScrubber.scrub(scrubbed), "idempotent");
    }

    /**
     * A number of 9 to 15 characters keeps a quarter of its length at each end, as the terminal's
     * own masking shows it: first and last four of an 11-digit 手机号 would leave 8 of its 11 digits.
     */
    @Test
    void aShortNumberKeepsAtMostAQuarterAtEachEndAsTheTerminalShowsIt() {
        assertEquals("电话：13*******78 mob=13*******78 acct 123******012 id 1234*********6789",
                PersonalDataScrubber.scrub("电话：13812345678 mob=13812345678 acct 123456789012 id 12345678901236789"));
        assertEquals("{\"psn_no\":\"370*********789\"}", PersonalDataScrubber.scrub("{\"psn_no\":\"370000123456789\"}"));
        assertMasked("联系电话 13812345678", "1381", "5678");
    }

    /**
     * At the shortest lengths each mask keeps at least half hidden: a two-character name shows
     * only its first (张*), a 6-character card value its first and last two, a 9-character number a
     * quarter (two) at each end and an 8-character one nothing.
     */
    @Test
    void theShortestValuesEachMaskTakesKeepAtLeastHalfHidden() {
        assertEquals("张*", PersonalDataScrubber.maskName(" 张三 "));
        assertEquals("*", PersonalDataScrubber.maskName("张"));
        assertEquals("", PersonalDataScrubber.maskName(" "));
        assertEquals("D***01", PersonalDataScrubber.maskCard("D12301"));
        assertEquals("*****", PersonalDataScrubber.maskCard("D1201"));
        assertEquals("12*****89", PersonalDataScrubber.maskNumber("123456789"));
        assertEquals("********", PersonalDataScrubber.maskNumber("12345678"));
        assertEquals("1234**********5678", PersonalDataScrubber.maskNumber("123456789012345678"));
    }

    @Test
    void nothingToScrubGivesAnEmptyText() {
        assertEquals("", PersonalDataScrubber.scrub(null));
        assertEquals("", PersonalDataScrubber.scrub(""));
        assertEquals("", PersonalDataScrubber.scrub("", java.util.List.of("张三丰")));
        assertEquals("x", PersonalDataScrubber.scrub("x"));
    }
}
