package org.yibao.terminal.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yibao.terminal.api.envelope.EnvelopeParser;
import org.yibao.terminal.api.envelope.Envelopes;
import org.yibao.terminal.api.envelope.ParseOutcome;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.domain.settlement.Purchase;
import org.yibao.terminal.domain.settlement.PurchaseLine;

/** Parsing the 2101 request: the bundled example, and one precise refusal per kind of bad field. */
class DrugRequestJsonTest {
    private static final String EXAMPLE = Fixtures.resource("/examples/request-2101.json");

    /** A request with one line whose fields are given as raw JSON members. */
    static String oneLine(String lineMembers) {
        return """
                {"infno":"2101","msgid":"M1","input":{
                  "druginfo":{"psn_no":"P1","insutype":"310","psn_type":"11","med_type":"41","acct_used_flag":"1"},
                  "drugdetail":[{%s}]}}""".formatted(lineMembers);
    }

    /** A request with extra druginfo members and one valid line with extra members (each "" or ending in a comma). */
    static String withFields(String infoMembers, String lineMembers) {
        return """
                {"infno":"2102","msgid":"M1","input":{
                  "druginfo":{%s"psn_no":"P1","insutype":"310","med_type":"41","acct_used_flag":"0"},
                  "drugdetail":[{%s"feedetl_sn":"1","det_item_fee_sumamt":1,"cnt":1,"pric":1}]}}"""
                .formatted(infoMembers, lineMembers);
    }

    static RefusedException refusal(String json) {
        return assertThrows(RefusedException.class, () -> DrugRequestJson.parse(Json.parse(json, "t")));
    }

    @Test
    void parsesTheBundledExample() {
        DrugRequest r = DrugRequestJson.parse(Json.parse(EXAMPLE, "request-2101.json"));
        assertEquals("H37150200001202603151030000001", r.msgid());
        assertEquals("02", r.mdtrtCertType());
        Purchase p = r.purchase();
        assertEquals("37150000000000000001", p.psnNo());
        assertEquals("310", p.insutype());
        assertEquals("41", p.medType());
        assertTrue(p.useAccount());
        assertEquals(OptionalLong.of(31660), p.declaredTotal());
        assertEquals(4, p.lines().size());
        // strings and numbers both: "51.00" -> 5100 fen; 150.00 -> 15000; pric "3.414286" exact.
        assertEquals(new PurchaseLine("1", "XA02BCA211E001010104321", "P0001", 5100, new BigDecimal("25.50"),
                new BigDecimal("2")), p.lines().get(0));
        assertEquals(15000, p.lines().get(1).amount());
        assertEquals("", p.lines().get(1).medListCodg());
        assertEquals(new BigDecimal("3.414286"), p.lines().get(2).pric());
    }

    @Test
    void acceptsTheBareInputObjectAndEmptyAmountsAsZero() {
        DrugRequest r = DrugRequestJson.parse(Json.parse("""
                {"druginfo":{"psn_no":"P1","insutype":"310","med_type":"41","acct_used_flag":0,"medfee_sumamt":""},
                 "drugdetail":[{"feedetl_sn":7,"det_item_fee_sumamt":"","cnt":"1","pric":"0"}]}""", "t"));
        assertEquals(OptionalLong.of(0), r.purchase().declaredTotal());
        assertEquals(0, r.purchase().lines().getFirst().amount());
        assertEquals("7", r.purchase().lines().getFirst().feedetlSn());
        assertEquals(false, r.purchase().useAccount());
    }

    /** null is an empty value like "": 0 for the line's amount, count and price alike (absent is still 1021). */
    @Test
    void nullCountAndPriceAreEmptyNumbersSoZero() {
        DrugRequest r = DrugRequestJson.parse(Json.parse(oneLine(
                "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":null,\"cnt\":null,\"pric\":null"), "t"));
        assertEquals(0, r.purchase().lines().getFirst().amount());
        assertEquals(0, r.purchase().lines().getFirst().cnt().signum());
        assertEquals(0, r.purchase().lines().getFirst().pric().signum());
        RefusedException absent = assertThrows(RefusedException.class, () -> DrugRequestJson.parse(Json.parse(oneLine(
                "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":null,\"pric\":null"), "t")));
        assertEquals("1021", absent.refusal().reason().code());
    }

    @Test
    void priceAndCountKeepTheScaleTheyWereSentWith() {
        DrugRequest r = DrugRequestJson.parse(Json.parse(oneLine(
                "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":\"40.00\",\"cnt\":\"2.00\",\"pric\":\"20.00\""), "t"));
        assertEquals("20.00", r.purchase().lines().getFirst().pric().toPlainString());
        assertEquals("2.00", r.purchase().lines().getFirst().cnt().toPlainString());
        DrugRequest exponent = DrugRequestJson.parse(Json.parse(oneLine(
                "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":20,\"cnt\":1,\"pric\":2E+1"), "t"));
        assertEquals("20", exponent.purchase().lines().getFirst().pric().toPlainString());
    }

    /**
     * Over the local API a price and a count sent as JSON numbers keep the decimals they were sent
     * with, as they do sent as strings or read from a file: detlcutinfo (and 2204's result) echoes
     * them, and 20.00 must not come back as 2E+1 or 20.
     */
    @Test
    void overTheApiAPriceAndCountSentAsNumbersKeepTheirScale() {
        String body = Envelopes.envelope("2101", Envelopes.msgid(1), "C001", "").toString().replace("\"input\":{}",
                "\"input\":{\"druginfo\":{\"psn_no\":\"P1\",\"insutype\":\"310\",\"med_type\":\"41\",\"acct_used_flag\":\"0\"},"
                + "\"drugdetail\":[{\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":40.00,\"cnt\":2.00,\"pric\":20.00},"
                + "{\"feedetl_sn\":\"2\",\"det_item_fee_sumamt\":3.40,\"cnt\":1.0000,\"pric\":3.400000}]}");
        ParseOutcome outcome = new EnvelopeParser().parse(Envelopes.bytes(body));
        JsonNode input = ((ParseOutcome.Parsed) outcome).request().envelope().input();
        List<PurchaseLine> lines = DrugRequestJson.parseInput(input).purchase().lines();
        assertEquals("20.00", lines.get(0).pric().toPlainString());
        assertEquals("2.00", lines.get(0).cnt().toPlainString());
        assertEquals(4000, lines.get(0).amount());
        assertEquals("3.400000", lines.get(1).pric().toPlainString(), "six decimals, as many as a price may have");
        assertEquals("1.0000", lines.get(1).cnt().toPlainString(), "four decimals, as many as a count may have");
    }

    @Test
    void absentTotalIsNotChecked() {
        DrugRequest r = DrugRequestJson.parse(Json.parse(oneLine(
                "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":1.5,\"cnt\":1,\"pric\":1.5"), "t"));
        assertEquals(OptionalLong.empty(), r.purchase().declaredTotal());
        assertEquals(150, r.purchase().lines().getFirst().amount());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":\"1.234\",\"cnt\":1,\"pric\":1 | 1023 | input.drugdetail[0].det_item_fee_sumamt",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":1.234,\"cnt\":1,\"pric\":1     | 1023 | input.drugdetail[0].det_item_fee_sumamt",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":1,\"cnt\":1.00001,\"pric\":1   | 1023 | input.drugdetail[0].cnt",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":1,\"cnt\":1,\"pric\":1.0000001 | 1023 | input.drugdetail[0].pric",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":1,\"cnt\":-1,\"pric\":1        | 1024 | input.drugdetail[0].cnt",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":\"-1.00\",\"cnt\":1,\"pric\":1 | 1024 | input.drugdetail[0].det_item_fee_sumamt",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":1,\"cnt\":1,\"pric\":1e-999999999 | 1023 | input.drugdetail[0].pric",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":1e-999999999,\"cnt\":1,\"pric\":1 | 1023 | input.drugdetail[0].det_item_fee_sumamt",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":1,\"cnt\":1,\"pric\":1e999999999  | 1030 | input.drugdetail[0].pric",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":1E+2147483647,\"cnt\":1,\"pric\":1 | 1030 | input.drugdetail[0].det_item_fee_sumamt",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":1,\"cnt\":-1e999999999,\"pric\":1 | 1030 | input.drugdetail[0].cnt",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":true,\"cnt\":1,\"pric\":1      | 1022 | input.drugdetail[0].det_item_fee_sumamt",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":\"1,00\",\"cnt\":1,\"pric\":1  | 1022 | input.drugdetail[0].det_item_fee_sumamt",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":\"1e2\",\"cnt\":1,\"pric\":1   | 1022 | input.drugdetail[0].det_item_fee_sumamt",
            "\"feedetl_sn\":\"1\",\"cnt\":1,\"pric\":1                                   | 1021 | input.drugdetail[0].det_item_fee_sumamt",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":1,\"pric\":1                   | 1021 | input.drugdetail[0].cnt",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":1,\"cnt\":1                    | 1021 | input.drugdetail[0].pric",
            "\"det_item_fee_sumamt\":1,\"cnt\":1,\"pric\":1                              | 1021 | input.drugdetail[0].feedetl_sn",
            "\"feedetl_sn\":\"0\",\"det_item_fee_sumamt\":1,\"cnt\":1,\"pric\":1         | 1025 | input.drugdetail[0].feedetl_sn",
            "\"feedetl_sn\":\"000\",\"det_item_fee_sumamt\":1,\"cnt\":1,\"pric\":1       | 1025 | input.drugdetail[0].feedetl_sn",
            "\"feedetl_sn\":\"1234567890123456\",\"det_item_fee_sumamt\":1,\"cnt\":1,\"pric\":1 | 1025 | input.drugdetail[0].feedetl_sn",
            "\"feedetl_sn\":\"A1\",\"det_item_fee_sumamt\":1,\"cnt\":1,\"pric\":1        | 1025 | input.drugdetail[0].feedetl_sn",
            "\"feedetl_sn\":1.5,\"det_item_fee_sumamt\":1,\"cnt\":1,\"pric\":1           | 1022 | input.drugdetail[0].feedetl_sn",
            "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":1,\"cnt\":1,\"pric\":1,\"med_list_codg\":[] | 1022 | input.drugdetail[0].med_list_codg"})
    void refusesABadLineFieldNamingIt(String members, String code, String path) {
        RefusedException e = refusal(oneLine(members));
        assertEquals(code, e.refusal().reason().code(), e.refusal().errMsg());
        assertTrue(e.refusal().detail().startsWith(path), e.refusal().detail());
        assertTrue(e.refusal().detail().length() < 200, "the value is shown short, never written out in full");
    }

    @Test
    @Timeout(30) // a hang guard, not a speed test
    void aZeroWithAHugeScaleIsZeroAndQuick() {
        // 0E-999999999 has no digits to drop; rescaling it naively would build a 10^999999997.
        DrugRequest r = DrugRequestJson.parse(Json.parse(oneLine(
                "\"feedetl_sn\":\"1\",\"det_item_fee_sumamt\":0e-999999999,\"cnt\":0E-999999999,\"pric\":1"), "t"));
        assertEquals(0, r.purchase().lines().getFirst().amount());
        assertEquals(0, r.purchase().lines().getFirst().cnt().signum());
    }

    /** Times must be real yyyy-MM-dd HH:mm:ss, codes within their lists; "" stays allowed (spec: empty = ""). */
    @ParameterizedTest(name = "{0}{1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "\"begntime\":\"2026-13-45 99:00:00\",  | | 1027 | input.druginfo.begntime",
            "\"begntime\":\"yesterday\",            | | 1027 | input.druginfo.begntime",
            "\"begntime\":\"2026-02-29 10:00:00\",  | | 1027 | input.druginfo.begntime",
            "\"begntime\":\"2026-03-15 24:00:00\",  | | 1027 | input.druginfo.begntime",
            "\"begntime\":\"2026-03-15T10:30:00\",  | | 1027 | input.druginfo.begntime",
            "\"begntime\":\"2026-3-15 10:30:00\",   | | 1027 | input.druginfo.begntime",
            "\"begntime\":\"2026-03-15\",           | | 1027 | input.druginfo.begntime",
            "\"begntime\":20260315103000,           | | 1027 | input.druginfo.begntime",
            "\"begntime\":true,                     | | 1022 | input.druginfo.begntime",
            "\"begntime\":{},                       | | 1022 | input.druginfo.begntime",
            "\"mdtrt_cert_type\":\"09\",            | | 1028 | input.druginfo.mdtrt_cert_type",
            "\"mdtrt_cert_type\":\"1\",             | | 1028 | input.druginfo.mdtrt_cert_type",
            "\"mdtrt_cert_type\":2,                 | | 1028 | input.druginfo.mdtrt_cert_type",
            "\"mdtrt_cert_type\":[],                | | 1022 | input.druginfo.mdtrt_cert_type",
            "\"term_selfpay_only\":\"x\",           | | 1028 | input.druginfo.term_selfpay_only",
            "\"term_selfpay_only\":\"2\",           | | 1028 | input.druginfo.term_selfpay_only",
            "\"term_selfpay_only\":true,            | | 1022 | input.druginfo.term_selfpay_only",
            " | \"fee_ocur_time\":\"xx\",                  | 1027 | input.drugdetail[0].fee_ocur_time",
            " | \"fee_ocur_time\":\"2026-04-31 08:00:00\", | 1027 | input.drugdetail[0].fee_ocur_time",
            " | \"fee_ocur_time\":\"2026-03-15 10:30:60\", | 1027 | input.drugdetail[0].fee_ocur_time",
            " | \"fee_ocur_time\":[],                      | 1022 | input.drugdetail[0].fee_ocur_time"})
    void refusesABadTimeOrCodeNamingIt(String info, String line, String code, String path) {
        RefusedException e = refusal(withFields(info == null ? "" : info, line == null ? "" : line));
        assertEquals(code, e.refusal().reason().code(), e.refusal().errMsg());
        assertTrue(e.refusal().detail().startsWith(path), e.refusal().detail());
    }

    @ParameterizedTest(name = "{0}{1}")
    @CsvSource(delimiter = '|', value = {
            "\"begntime\":\"\",                      |",
            "\"begntime\":\"2026-03-15 10:30:00\",   |",
            "\"begntime\":\"2024-02-29 23:59:59\",   |",
            "\"begntime\":null,                      |",
            "\"mdtrt_cert_type\":\"\",               |",
            "\"mdtrt_cert_type\":\"01\",             |",
            "\"mdtrt_cert_type\":\"02\",             |",
            "\"mdtrt_cert_type\":\"03\",             |",
            "\"term_selfpay_only\":\"\",             |",
            "\"term_selfpay_only\":\"0\",            |",
            "\"term_selfpay_only\":0,                |",
            "                                       | \"fee_ocur_time\":\"\",",
            "                                       | \"fee_ocur_time\":\"2026-03-15 00:00:00\","})
    void acceptsRealTimesListedCodesAndEmptyValues(String info, String line) {
        DrugRequest r = DrugRequestJson.parse(Json.parse(withFields(info == null ? "" : info, line == null ? "" : line), "t"));
        assertFalse(r.selfPayOnly());
    }

    @Test
    void selfPayOnlyIsAskedWithOne() {
        assertTrue(DrugRequestJson.parse(Json.parse(withFields("\"term_selfpay_only\":\"1\",", ""), "t")).selfPayOnly());
        assertTrue(DrugRequestJson.parse(Json.parse(withFields("\"term_selfpay_only\":1,", ""), "t")).selfPayOnly());
        assertEquals("03", DrugRequestJson.parse(Json.parse(withFields("\"mdtrt_cert_type\":\"03\",", ""), "t"))
                .mdtrtCertType());
    }

    @Test
    void aBadTimeIsNamedByItsLineAndShownAsSentWithTheExpectedFormat() {
        RefusedException e = refusal("""
                {"input":{"druginfo":{"psn_no":"P1","insutype":"310","med_type":"41","acct_used_flag":"0"},
                 "drugdetail":[{"feedetl_sn":"1","fee_ocur_time":"2026-03-15 10:29:00","det_item_fee_sumamt":1,"cnt":1,"pric":1},
                               {"feedetl_sn":"2","fee_ocur_time":"xx","det_item_fee_sumamt":1,"cnt":1,"pric":1}]}}""");
        assertEquals("1027", e.refusal().reason().code());
        assertEquals("input.drugdetail[1].fee_ocur_time 应为 yyyy-MM-dd HH:mm:ss：xx", e.refusal().detail());
        RefusedException cert = refusal(withFields("\"mdtrt_cert_type\":\"09\",", ""));
        assertEquals("报文字段取值错误：input.druginfo.mdtrt_cert_type 应为 01、02 或 03：09", cert.refusal().errMsg());
        JsonNode input = Json.parse(withFields("\"begntime\":\"yesterday\",", ""), "t").get("input");
        RefusedException overTheApi = assertThrows(RefusedException.class, () -> DrugRequestJson.parseInput(input));
        assertTrue(overTheApi.refusal().detail().startsWith("input.druginfo.begntime"), "the API names the envelope's path");
        RefusedException longValue = refusal(withFields("\"begntime\":\"" + "9".repeat(200) + "\",", ""));
        assertTrue(longValue.refusal().detail().endsWith("9".repeat(32) + "…"), "a long value is cut for the cashier");
    }

    @Test
    void duplicateSerialsAreRefusedEvenWrittenDifferently() {
        RefusedException e = refusal("""
                {"input":{"druginfo":{"psn_no":"P1","insutype":"310","med_type":"41","acct_used_flag":"0"},
                 "drugdetail":[{"feedetl_sn":"7","det_item_fee_sumamt":1,"cnt":1,"pric":1},
                               {"feedetl_sn":"007","det_item_fee_sumamt":1,"cnt":1,"pric":1}]}}""");
        assertEquals("1026", e.refusal().reason().code());
        assertTrue(e.refusal().detail().startsWith("input.drugdetail[1].feedetl_sn"), e.refusal().detail());
    }

    /** A line that is not an object is refused 1022 naming it, not read as a line missing every field. */
    @Test
    void aLineThatIsNotAnObjectIsNamed() {
        RefusedException e = refusal("""
                {"input":{"druginfo":{"psn_no":"P1","insutype":"310","med_type":"41","acct_used_flag":"0"},
                 "drugdetail":[{"feedetl_sn":"1","det_item_fee_sumamt":1,"cnt":1,"pric":1},"2"]}}""");
        assertEquals("1022", e.refusal().reason().code());
        assertEquals("input.drugdetail[1] 应为对象", e.refusal().detail());
        RefusedException notArray = refusal("""
                {"input":{"druginfo":{"psn_no":"P1","insutype":"310","med_type":"41","acct_used_flag":"0"},
                 "drugdetail":{"feedetl_sn":"1"}}}""");
        assertEquals("input.drugdetail 应为数组", notArray.refusal().detail());
    }

    /** Over the API: the druginfo fields the answer echoes are read, and refusals name the envelope's path. */
    @Test
    void theApiReadsTheInputObjectAndItsCredential() {
        JsonNode input = Json.parse(withFields("\"mdtrt_cert_type\":\"02\",\"mdtrt_cert_no\":\" 371502199001011234 \","
                + "\"psn_name\":\"张三丰\",\"invono\":\"INV-1\",", ""), "t").get("input");
        DrugRequest r = DrugRequestJson.parseInput(input);
        assertEquals("", r.msgid(), "the caller holds the envelope");
        assertEquals("371502199001011234", r.mdtrtCertNo());
        assertEquals("张三丰", r.psnName());
        assertEquals("INV-1", r.invono());
        assertEquals("P1", r.purchase().psnNo());
        RefusedException notObject = assertThrows(RefusedException.class,
                () -> DrugRequestJson.parseInput(Json.parse("[]", "t")));
        assertEquals("input 应为对象", notObject.refusal().detail());
    }

    /** 2207's split sent back from 2206: each part an amount when present and not "", else not declared. */
    @Test
    void declaredPartsAreAmountsWhenPresent() {
        JsonNode data = Json.parse("""
                {"fulamt_ownpay_amt":"12.30","overlmt_selfpay":0,"preselfpay_amt":"  ","inscp_scp_amt":null}""", "t");
        var parts = DrugRequestJson.declaredParts(data, "input.data");
        assertEquals(OptionalLong.of(1230), parts.fulamtOwnpay());
        assertEquals(OptionalLong.of(0), parts.overlmtSelfpay());
        assertEquals(OptionalLong.empty(), parts.preselfpay());
        assertEquals(OptionalLong.empty(), parts.inscpScp());
        assertEquals(OptionalLong.empty(), DrugRequestJson.declaredParts(Json.parse("{}", "t"), "input.data").inscpScp());
        RefusedException e = assertThrows(RefusedException.class, () -> DrugRequestJson.declaredParts(
                Json.parse("{\"inscp_scp_amt\":\"1.001\"}", "t"), "input.data"));
        assertEquals("1023", e.refusal().reason().code());
        assertTrue(e.refusal().detail().startsWith("input.data.inscp_scp_amt"), e.refusal().detail());
        assertEquals("1024", assertThrows(RefusedException.class, () -> DrugRequestJson.declaredParts(
                Json.parse("{\"overlmt_selfpay\":-1}", "t"), "input.data")).refusal().reason().code());
    }

    /** The clinic flow's purchase: refusals name the host's own fields; a line number the visit already holds is 1026. */
    @Test
    void aClinicPurchaseNamesTheHostsFieldsAndRefusesALineTheVisitHolds() {
        JsonNode purchase = Json.parse("""
                {"druginfo":{"psn_no":"P1","insutype":"310","med_type":"11","acct_used_flag":"0"},
                 "drugdetail":[{"feedetl_sn":"3","det_item_fee_sumamt":1,"cnt":1,"pric":1},
                               {"feedetl_sn":"04","det_item_fee_sumamt":2,"cnt":1,"pric":2}]}""", "t");
        DrugRequest r = DrugRequestJson.parseClinic(purchase, "input.data", "input.feedetail");
        assertEquals(2, r.purchase().lines().size());
        assertEquals("11", r.purchase().medType());
        RefusedException held = assertThrows(RefusedException.class,
                () -> DrugRequestJson.parseClinic(purchase, "input.data", "input.feedetail", java.util.Set.of(4L)));
        assertEquals("1026", held.refusal().reason().code());
        assertEquals("input.feedetail[1].feedetl_sn = 04（该次就诊已上传）", held.refusal().detail());
        JsonNode badCount = Json.parse("""
                {"druginfo":{"psn_no":"P1","insutype":"310","med_type":"11","acct_used_flag":"0"},
                 "drugdetail":[{"feedetl_sn":"3","det_item_fee_sumamt":1,"cnt":-1,"pric":1}]}""", "t");
        RefusedException named = assertThrows(RefusedException.class,
                () -> DrugRequestJson.parseClinic(badCount, "input.data", "input.feedetail"));
        assertTrue(named.refusal().detail().startsWith("input.feedetail[0].cnt"), named.refusal().detail());
    }

    /** The numbers of stored lines, as the reader compares them: "01" and " 1 " are line 1. */
    @Test
    void storedLinesAreNumberedAsTheReaderComparesThem() {
        assertEquals(java.util.Set.of(1L, 20L), DrugRequestJson.feedetlSnNumbers(
                Json.parse("[{\"feedetl_sn\":\"01\"},{\"feedetl_sn\":\" 20 \"},{\"feedetl_sn\":1}]", "t")));
    }

    @Test
    void refusesBadDruginfo() {
        assertEquals("1021", refusal("{\"input\":{\"drugdetail\":[]}}").refusal().reason().code());
        RefusedException noInsutype = refusal("""
                {"input":{"druginfo":{"psn_no":"P1","med_type":"41","acct_used_flag":"0"},"drugdetail":[]}}""");
        assertEquals("input.druginfo.insutype", noInsutype.refusal().detail());
        RefusedException flag = refusal("""
                {"input":{"druginfo":{"psn_no":"P1","insutype":"310","med_type":"41","acct_used_flag":"2"},"drugdetail":[]}}""");
        assertEquals("1028", flag.refusal().reason().code());
        RefusedException empty = refusal("""
                {"input":{"druginfo":{"psn_no":"P1","insutype":"310","med_type":"41","acct_used_flag":"1"},"drugdetail":[]}}""");
        assertEquals("1021", empty.refusal().reason().code());
        RefusedException total = refusal("""
                {"input":{"druginfo":{"psn_no":"P1","insutype":"310","med_type":"41","acct_used_flag":"1","medfee_sumamt":"1.001"},
                 "drugdetail":[{"feedetl_sn":"1","det_item_fee_sumamt":1,"cnt":1,"pric":1}]}}""");
        assertEquals("1023", total.refusal().reason().code());
        assertTrue(total.refusal().detail().startsWith("input.druginfo.medfee_sumamt"));
    }

    @Test
    void malformedJsonAndDuplicateKeysAreRefused() {
        assertEquals("1020", assertThrows(RefusedException.class, () -> Json.parse("{\"a\":", "t"))
                .refusal().reason().code());
        assertEquals("1020", assertThrows(RefusedException.class, () -> Json.parse("{\"a\":1,\"a\":2}", "t"))
                .refusal().reason().code());
        assertEquals("1020", assertThrows(RefusedException.class, () -> Json.parse("{} {}", "t"))
                .refusal().reason().code());
        assertEquals("1022", refusal("[1,2]").refusal().reason().code());
    }

    /** A file (or a centre's answer) holding a number no decimal can hold is refused 1020, never an exception. */
    @Test
    void aNumberBeyondWhatADecimalHoldsIsNotJson() {
        RefusedException e = assertThrows(RefusedException.class,
                () -> Json.parse("{\"pric\":1E-2147483648}", "request.json"));
        assertEquals("1020", e.refusal().reason().code());
        assertEquals("request.json：数字超出范围（指数过大或过小）", e.refusal().detail());
    }
}
