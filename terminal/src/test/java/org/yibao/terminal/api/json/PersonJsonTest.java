package org.yibao.terminal.api.json;

import org.yibao.terminal.privacy.Masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.settlement.Accumulators;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.domain.settlement.PersonSnapshot;

/** Parsing the 1101 output into the person the settlement needs. */
class PersonJsonTest {

    static PersonSnapshot parse(String json) {
        return PersonJson.parse(Json.parse(json, "t"));
    }

    static RefusedException refusal(String json) {
        return assertThrows(RefusedException.class, () -> parse(json));
    }

    @Test
    void parsesTheBundledResponseEnvelope() {
        PersonSnapshot p = parse(Fixtures.resource("/examples/person.json"));
        assertEquals("37150000000000000001", p.psnNo());
        assertEquals("张三丰", p.name());
        assertEquals(150000, p.insurance("310").orElseThrow().balance());
        assertEquals("11", p.insurance("310").orElseThrow().psnType());
        // 150.00 / 120.00 / 1900.00 as JSON numbers
        assertEquals(new Accumulators(15000, 12000, 190000), p.accumulators("outpatient", 2026));
        assertEquals(Accumulators.ZERO, p.accumulators("outpatient", 2025));
        assertTrue(p.hasOpsp("M03900", LocalDate.of(2026, 12, 31)));
        assertFalse(p.hasOpsp("M03900", LocalDate.of(2027, 1, 1)));
        assertFalse(p.fromCache());
    }

    @Test
    void parsesTheBareOutputObject() {
        PersonSnapshot p = parse("""
                {"baseinfo":{"psn_no":"P9","psn_name":"李四"},
                 "insuinfo":[{"insutype":"390","psn_type":"21","balc":""}],
                 "term_accuinfo":[{"year":"2026","accu_group":"chronic:M03900","dedc_used":"0","fund_paid":"12.30","inscp_over_dedc":0}],
                 "term_opspinfo":[{"opsp_dise_code":"M03900","begndate":"2026-01-01 00:00:00","enddate":""}],
                 "term_source":"cache"}""");
        assertEquals(0, p.insurance("390").orElseThrow().balance(), "empty numeric = 0");
        assertEquals(1230, p.accumulators("chronic:M03900", 2026).fundPaid());
        assertTrue(p.hasOpsp("M03900", LocalDate.of(2099, 1, 1)), "empty enddate = open");
        assertTrue(p.fromCache());
    }

    @Test
    void refusesBadFieldsByPath() {
        assertEquals("output.baseinfo", refusal("{\"output\":{\"insuinfo\":[]}}").refusal().detail());
        assertEquals("insuinfo", refusal("{\"baseinfo\":{\"psn_no\":\"P\"}}").refusal().detail());
        RefusedException balc = refusal("""
                {"baseinfo":{"psn_no":"P"},"insuinfo":[{"insutype":"310","balc":"10.001"}]}""");
        assertEquals("1023", balc.refusal().reason().code());
        assertTrue(balc.refusal().detail().startsWith("insuinfo[0].balc"));
        RefusedException year = refusal("""
                {"baseinfo":{"psn_no":"P"},"insuinfo":[],"term_accuinfo":[{"year":"26","accu_group":"g"}]}""");
        assertEquals("1028", year.refusal().reason().code());
        RefusedException dup = refusal("""
                {"baseinfo":{"psn_no":"P"},"insuinfo":[],"term_accuinfo":[{"year":2026,"accu_group":"g"},
                 {"year":2026,"accu_group":"g","fund_paid":1}]}""");
        assertEquals("1029", dup.refusal().reason().code());
        RefusedException date = refusal("""
                {"baseinfo":{"psn_no":"P"},"insuinfo":[],"term_opspinfo":[{"opsp_dise_code":"X","begndate":"2026/01/01"}]}""");
        assertEquals("1027", date.refusal().reason().code());
        assertTrue(date.refusal().detail().startsWith("term_opspinfo[0].begndate"));
        RefusedException time = refusal("""
                {"baseinfo":{"psn_no":"P"},"insuinfo":[],"term_opspinfo":[{"opsp_dise_code":"X","begndate":"2026-01-01 99:00:00"}]}""");
        assertEquals("1027", time.refusal().reason().code(), "a trailing time is checked too");
        RefusedException negative = refusal("""
                {"baseinfo":{"psn_no":"P"},"insuinfo":[],"term_accuinfo":[{"year":2026,"accu_group":"g","dedc_used":-5}]}""");
        assertEquals("1024", negative.refusal().reason().code());
    }

    /** An approval without a begin date is no approval: 1021 naming the field. */
    @Test
    void anOpspApprovalNeedsItsBeginDate() {
        RefusedException e = refusal("""
                {"baseinfo":{"psn_no":"P"},"insuinfo":[],"term_opspinfo":[{"opsp_dise_code":"X","begndate":""}]}""");
        assertEquals("1021", e.refusal().reason().code());
        assertEquals("term_opspinfo[0].begndate", e.refusal().detail());
    }

    @Test
    void masksNamesAndNumbers() {
        assertEquals("张*三", Masking.name("张小三"));
        assertEquals("张*", Masking.name("张三"));
        assertEquals("欧**锋", Masking.name("欧阳小锋"));
        assertEquals("3715**********1234", Masking.number("371502199001011234"));
        assertEquals("", Masking.name(""));
    }
}
