package org.yibao.terminal.domain.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.yibao.terminal.domain.settlement.Fixtures.BING;
import static org.yibao.terminal.domain.settlement.Fixtures.DATE;
import static org.yibao.terminal.domain.settlement.Fixtures.ENDED;
import static org.yibao.terminal.domain.settlement.Fixtures.JIA;
import static org.yibao.terminal.domain.settlement.Fixtures.JIA_CAP;
import static org.yibao.terminal.domain.settlement.Fixtures.YI;
import static org.yibao.terminal.domain.settlement.Fixtures.YI_CAP;
import static org.yibao.terminal.domain.settlement.Fixtures.accu;
import static org.yibao.terminal.domain.settlement.Fixtures.employee;
import static org.yibao.terminal.domain.settlement.Fixtures.fen;
import static org.yibao.terminal.domain.settlement.Fixtures.line;
import static org.yibao.terminal.domain.settlement.Fixtures.localLine;
import static org.yibao.terminal.domain.settlement.Fixtures.person;
import static org.yibao.terminal.domain.settlement.Fixtures.purchase;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.money.Fen;
import org.yibao.terminal.domain.policy.FundPayType;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.policy.PolicyLoader;

/**
 * Hand-computed settlements under the spec's example policy, one per branch of "Settlement
 * arithmetic". Every expected figure is worked out in the comment above it.
 */
class SettlerTest {
    private final Settler settler = new Settler(Fixtures.examplePolicy(), Fixtures.catalog(),
            Fixtures.codeMap(), "pharmacy");

    static Settlement ok(Outcome<Settlement> o) {
        if (o instanceof Outcome.Ok<Settlement> ok) return ok.value();
        return fail("refused: " + o);
    }

    static Refusal refused(Outcome<Settlement> o, String code) {
        if (!(o instanceof Outcome.Refused<Settlement> r)) return fail("settled: " + o);
        assertEquals(code, r.refusal().reason().code(), r.refusal().errMsg());
        return r.refusal();
    }

    static void yuan(String expected, long fen) {
        assertEquals(expected, Fen.format(fen));
    }

    @Test
    void classCLineIsFullOwnPayWithoutWarning() {
        // 丙类 10.00 × 3 = 30.00: fulamt 30.00, nothing in scope, nothing from the fund.
        Settlement s = ok(settler.settle(employee(false, line(BING, "10.00", "3", "30.00")),
                person("310", "11", "0"), DATE));
        LineSplit l = s.lines().getFirst();
        yuan("30.00", l.fulamtOwnpay());
        yuan("0.00", l.inscp());
        assertEquals(LineKind.CLASS_C, l.kind());
        yuan("30.00", s.totals().fulamtOwnpayAmt());
        yuan("0.00", s.totals().hifpPay());
        assertEquals(new BigDecimal("0.0000"), s.totals().poolPropSelfpay());
        yuan("30.00", s.totals().psnCashPay());
        assertTrue(s.details().isEmpty(), "no non-zero fund payment, no setldetail row");
        assertTrue(s.warnings().isEmpty());
    }

    @Test
    void unmappedLocalCodeIsFullOwnPayWithWarning() {
        Settlement s = ok(settler.settle(employee(false, localLine("L-UNKNOWN", "8.00", "2", "16.00")),
                person("310", "11", "0"), DATE));
        assertEquals(LineKind.UNMAPPED, s.lines().getFirst().kind());
        yuan("16.00", s.totals().fulamtOwnpayAmt());
        yuan("16.00", s.totals().psnCashPay());
        assertTrue(s.warnMsg().contains("L-UNKNOWN"), s.warnMsg());
    }

    @Test
    void aLineWithNeitherCodeIsFullOwnPayAndTheWarningSaysNoCodeWasGiven() {
        Settlement s = ok(settler.settle(employee(false, localLine("", "8.00", "2", "16.00")),
                person("310", "11", "0"), DATE));
        assertEquals(LineKind.UNMAPPED, s.lines().getFirst().kind());
        assertTrue(s.warnMsg().contains("未给出医保编码或本地编码，按全自费结算"), s.warnMsg());
        assertFalse(s.warnMsg().contains("本地编码  "), "no empty code between the words: " + s.warnMsg());
    }

    @Test
    void localCodeIsMappedThroughTheCodeMap() {
        // L-JIA -> 甲类 JIA: 100.00 in scope; deductible 200 all unused -> act_pay_dedc 100, base 0.
        Settlement s = ok(settler.settle(employee(false, localLine("L-JIA", "100.00", "1", "100.00")),
                person("310", "11", "0"), DATE));
        assertEquals(JIA, s.lines().getFirst().nationalCode());
        yuan("100.00", s.totals().inscpScpAmt());
        yuan("100.00", s.totals().actPayDedc());
        yuan("0.00", s.totals().hifpPay());
    }

    @Test
    void codeNotValidOnTheDateIsFullOwnPayWithWarning() {
        // ENDED ended 2025-12-31; the local code L-ENDED maps to it, as does the national code.
        Settlement s = ok(settler.settle(employee(false, line(ENDED, "5.00", "1", "5.00"),
                localLine("L-ENDED", "5.00", "1", "5.00")), person("310", "11", "0"), DATE));
        s.lines().forEach(l -> assertEquals(LineKind.NOT_IN_CATALOGUE, l.kind()));
        yuan("10.00", s.totals().fulamtOwnpayAmt());
        assertEquals(2, s.warnings().size());
        assertTrue(s.warnMsg().contains(ENDED));
    }

    @Test
    void priceCapMakesOverlimitAndAccountPaysIt() {
        // 甲类 cap 10.00: amount = round(12.345 × 3 = 37.035) = 37.04;
        // overlmt = round((12.345 - 10.00) × 3 = 7.035) = 7.04; inscp = 37.04 - 7.04 = 30.00.
        // Deductible already used (200): base 30.00 in [0, 2000) at 0.70 -> hifp 21.00.
        // pool_selfpay 9.00; psn_part = 37.04 - 21.00 = 16.04; account (all parts) pays 16.04 of 100.00.
        Settlement s = ok(settler.settle(employee(true, line(JIA_CAP, "12.345", "3", "37.04")),
                person("310", "11", "100.00", accu("outpatient", "200.00", "0", "0")), DATE));
        LineSplit l = s.lines().getFirst();
        yuan("7.04", l.overlmt());
        yuan("30.00", l.inscp());
        SettlementTotals t = s.totals();
        yuan("7.04", t.overlmtSelfpay());
        yuan("0.00", t.actPayDedc());
        yuan("21.00", t.hifpPay());
        yuan("9.00", t.poolSelfpay());
        assertEquals(new BigDecimal("0.7000"), t.poolPropSelfpay());
        yuan("16.04", t.psnPartAmt());
        yuan("16.04", t.acctPay());
        yuan("0.00", t.psnCashPay());
        yuan("83.96", t.balc());
        assertEquals(2, s.details().size());
        FundDetail pool = s.details().get(0);
        assertEquals(FundPayType.EMPLOYEE_POOL, pool.fundPayType());
        yuan("21.00", pool.fundPayamt());
        yuan("30.00", pool.inscpScpAmt());
        assertEquals(OptionalLong.of(fen("3000.00")), pool.crtPaybLmtAmt());
        assertEquals(FundPayType.EMPLOYEE_ACCOUNT, s.details().get(1).fundPayType());
        yuan("16.04", s.details().get(1).fundPayamt());
    }

    @Test
    void classBUsesTheResidentRatioForResidentsAndResidentsHaveNoAccount() {
        // 390 / pharmacy / 41 -> resident-outpatient: deductible 0, 0.50, annual cap 400, no account.
        // 乙类 YI: amount = 33.33 × 3 = 99.99; preselfpay = round(99.99 × 0.20 = 19.998) = 20.00;
        // inscp 79.99 = base; pay = round(79.99 × 0.50 = 39.995) = 40.00; pool_selfpay 39.99;
        // pool_prop = 40.00 / 79.99 = 0.50006.. -> 0.5001. acct_used_flag 1 but no account: cash 59.99.
        Settlement s = ok(settler.settle(purchase("390", "", "41", "", true, line(YI, "33.33", "3", "99.99")),
                person("390", "21", "50.00"), DATE));
        assertEquals("resident-outpatient", s.ruleId());
        assertEquals("21", s.psnType(), "psn_type taken from insuinfo when the request has none");
        LineSplit l = s.lines().getFirst();
        assertEquals(new BigDecimal("0.20"), l.selfpayProp());
        yuan("20.00", l.preselfpay());
        yuan("79.99", l.inscp());
        SettlementTotals t = s.totals();
        yuan("40.00", t.hifpPay());
        yuan("39.99", t.poolSelfpay());
        assertEquals(new BigDecimal("0.5001"), t.poolPropSelfpay());
        yuan("0.00", t.acctPay());
        yuan("59.99", t.psnCashPay());
        yuan("50.00", t.balc());
        assertEquals(1, s.details().size());
        assertEquals(FundPayType.RESIDENT_POOL, s.details().getFirst().fundPayType());
        assertEquals(OptionalLong.of(fen("400.00")), s.details().getFirst().crtPaybLmtAmt());
    }

    @Test
    void classBUsesTheEmployeeRatioFor310() {
        // Same line under 310: preselfpay = round(99.99 × 0.10 = 9.999) = 10.00; inscp 89.99.
        Settlement s = ok(settler.settle(employee(false, line(YI, "33.33", "3", "99.99")),
                person("310", "11", "0"), DATE));
        yuan("10.00", s.lines().getFirst().preselfpay());
        yuan("89.99", s.lines().getFirst().inscp());
    }

    @Test
    void classBWithPriceCap() {
        // YI_CAP (0.05 for 310, cap 2.50): amount = round(3.414286 × 28 = 95.600008) = 95.60;
        // overlmt = round(0.914286 × 28 = 25.600008) = 25.60; preselfpay = round(70.00 × 0.05) = 3.50;
        // inscp = 95.60 - 25.60 - 3.50 = 66.50.
        Settlement s = ok(settler.settle(employee(false, line(YI_CAP, "3.414286", "28", "95.60")),
                person("310", "11", "0"), DATE));
        LineSplit l = s.lines().getFirst();
        yuan("25.60", l.overlmt());
        yuan("3.50", l.preselfpay());
        yuan("66.50", l.inscp());
    }

    @Test
    void deductiblePartlyUsed() {
        // deductible 200, dedc_used 150 -> act_pay_dedc = min(100, 50) = 50; base 50 at 0.70 -> 35.00.
        // psn_part = 100 - 35 = 65.00, all cash (acct_used_flag 0). delta: +50, +35, +50.
        Settlement s = ok(settler.settle(employee(false, line(JIA, "100.00", "1", "100.00")),
                person("310", "11", "500.00", accu("outpatient", "150.00", "0", "0")), DATE));
        SettlementTotals t = s.totals();
        yuan("50.00", t.actPayDedc());
        yuan("35.00", t.hifpPay());
        yuan("15.00", t.poolSelfpay());
        yuan("65.00", t.psnCashPay());
        yuan("500.00", t.balc());
        assertEquals(new AccumulatorDelta("outpatient", 2026, "310", fen("50.00"), fen("35.00"), fen("50.00"), 0),
                s.delta());
    }

    @Test
    void retiredPastTheirDeductibleAndBalanceShort() {
        // emp-retired (310 / 12): deductible 100 but 150 used -> remaining max(0, -50) = 0.
        // base 100 at 0.75 -> 75.00; pool_selfpay 25.00. may_pay [preselfpay, pool_selfpay, deductible]
        // = 0 + 25 + 0 = 25.00, balance only 10.00 -> acct 10.00, cash 15.00, balc 0.00.
        Settlement s = ok(settler.settle(purchase("310", "12", "41", "", true, line(JIA, "100.00", "1", "100.00")),
                person("310", "12", "10.00", accu("outpatient", "150.00", "0", "0")), DATE));
        assertEquals("emp-retired-pharmacy", s.ruleId());
        SettlementTotals t = s.totals();
        yuan("0.00", t.actPayDedc());
        yuan("75.00", t.hifpPay());
        yuan("10.00", t.acctPay());
        yuan("15.00", t.psnCashPay());
        yuan("0.00", t.balc());
    }

    @Test
    void accountMayPayOnlyTheNamedParts() {
        // emp-retired, nothing used: 丙类 30.00 (fulamt) + 乙类 YI 100.00 (preselfpay 10.00, inscp 90.00).
        // act_pay_dedc = min(90, 100) = 90; base 0; hifp 0. may_pay excludes fulamt_ownpay:
        // eligible = preselfpay 10 + pool_selfpay 0 + deductible 90 = 100.00 -> acct 100.00; cash 30.00.
        Settlement s = ok(settler.settle(purchase("310", "12", "41", "", true,
                        line(BING, "30.00", "1", "30.00"), line(YI, "100.00", "1", "100.00")),
                person("310", "12", "500.00"), DATE));
        SettlementTotals t = s.totals();
        yuan("130.00", t.medfeeSumamt());
        yuan("90.00", t.actPayDedc());
        yuan("0.00", t.hifpPay());
        yuan("130.00", t.psnPartAmt());
        yuan("100.00", t.acctPay());
        yuan("30.00", t.psnCashPay());
        yuan("400.00", t.balc());
        assertEquals(1, s.details().size(), "only the account paid");
        assertEquals(OptionalLong.of(fen("500.00")), s.details().getFirst().crtPaybLmtAmt());
    }

    @Test
    void accountNotUsedWhenFlagIsZero() {
        Settlement s = ok(settler.settle(employee(false, line(BING, "30.00", "1", "30.00")),
                person("310", "11", "500.00"), DATE));
        yuan("0.00", s.totals().acctPay());
        yuan("30.00", s.totals().psnCashPay());
        yuan("500.00", s.totals().balc());
    }

    @Test
    void purchaseCrossingASegmentBoundIsSplitAtIt() {
        // inscp_over_dedc 1950: [1950, 2050) -> 50 × 0.70 = 35.00 + 50 × 0.60 = 30.00 -> 65.00.
        Settlement s = ok(settler.settle(employee(false, line(JIA, "100.00", "1", "100.00")),
                person("310", "11", "0", accu("outpatient", "200.00", "0", "1950.00")), DATE));
        yuan("65.00", s.totals().hifpPay());
        assertEquals(new BigDecimal("0.6500"), s.totals().poolPropSelfpay());
    }

    @Test
    void segmentPiecesAreSummedExactlyThenRoundedOnce() {
        // inscp_over_dedc 1999.99, base 0.02: 0.01 × 0.70 = 0.007 + 0.01 × 0.60 = 0.006 = 0.013 -> 0.01.
        // (Rounding each piece would give 0.01 + 0.01 = 0.02.)
        Settlement s = ok(settler.settle(employee(false, line(JIA, "0.02", "1", "0.02")),
                person("310", "11", "0", accu("outpatient", "200.00", "0", "1999.99")), DATE));
        yuan("0.01", s.totals().hifpPay());
        yuan("0.01", s.totals().poolSelfpay());
    }

    @Test
    void personPastTheFirstBoundGetsTheSecondRatioOnEverything() {
        // The spec: "a person already past 2000.00 this year gets 0.60 on all of this purchase".
        Settlement s = ok(settler.settle(employee(false, line(JIA, "100.00", "1", "100.00")),
                person("310", "11", "0", accu("outpatient", "200.00", "0", "2500.00")), DATE));
        yuan("60.00", s.totals().hifpPay());
    }

    @Test
    void annualCapReachedMidPurchase() {
        // past 2000 -> 0.60: pay = 200 × 0.60 = 120.00; cap 3000 - fund_paid 2950 = 50.00 -> hifp 50.00.
        // pool_selfpay = 200 - 50 = 150.00; pool_prop = 50 / 200 = 0.2500; crt_payb_lmt_amt 50.00.
        Settlement s = ok(settler.settle(employee(false, line(JIA, "200.00", "1", "200.00")),
                person("310", "11", "0", accu("outpatient", "200.00", "2950.00", "3000.00")), DATE));
        yuan("50.00", s.totals().hifpPay());
        yuan("150.00", s.totals().poolSelfpay());
        assertEquals(new BigDecimal("0.2500"), s.totals().poolPropSelfpay());
        assertEquals(OptionalLong.of(fen("50.00")), s.details().getFirst().crtPaybLmtAmt());
        yuan("50.00", s.delta().fundPaid());
        yuan("200.00", s.delta().inscpOverDedc());
    }

    @Test
    void annualCapAlreadyReachedPaysNothing() {
        Settlement s = ok(settler.settle(employee(false, line(JIA, "200.00", "1", "200.00")),
                person("310", "11", "0", accu("outpatient", "200.00", "3000.00", "5000.00")), DATE));
        yuan("0.00", s.totals().hifpPay());
        yuan("200.00", s.totals().poolSelfpay());
        assertEquals(new BigDecimal("0.0000"), s.totals().poolPropSelfpay());
        assertTrue(s.details().isEmpty());
    }

    @Test
    void visitCapLimitsOneSettlement() {
        // Same policy with visit_cap 20.00: 100 × 0.70 = 70.00 -> capped at 20.00; pool_selfpay 80.00.
        Policy p = PolicyLoader.parse(Fixtures.resource("/examples/policy.yaml").replace(
                "visit_cap: null", "visit_cap: 20.00"), "visit.yaml");
        Settlement s = ok(new Settler(p, Fixtures.catalog(), Fixtures.codeMap(), "pharmacy").settle(
                employee(false, line(JIA, "100.00", "1", "100.00")),
                person("310", "11", "0", accu("outpatient", "200.00", "0", "0")), DATE));
        yuan("20.00", s.totals().hifpPay());
        yuan("80.00", s.totals().poolSelfpay());
    }

    @Test
    void chronicWithQualificationUsesTheDiseaseGroup() {
        // med_type 14 -> rule chronic, disease M03900: deductible 0, 0.80, annual cap 5000.
        // group chronic:M03900 fund_paid 4950 -> pay 100 × 0.80 = 80.00 capped at 50.00. No account: cash 50.00.
        PersonSnapshot who = Fixtures.withOpsp(person("310", "11", "300.00",
                        accu("chronic:M03900", "0", "4950.00", "6000.00"), accu("chronic", "0", "0", "0")),
                new PersonSnapshot.OpspApproval("M03900", "高血压", LocalDate.of(2026, 1, 1), null));
        Settlement s = ok(settler.settle(purchase("310", "11", "14", "M03900", true,
                line(JIA, "100.00", "1", "100.00")), who, DATE));
        assertEquals("chronic", s.ruleId());
        assertEquals("chronic:M03900", s.delta().group());
        yuan("50.00", s.totals().hifpPay());
        yuan("0.00", s.totals().acctPay());
        yuan("50.00", s.totals().psnCashPay());
        assertEquals(FundPayType.EMPLOYEE_POOL, s.details().getFirst().fundPayType());
    }

    @Test
    void chronicWithoutValidQualificationIsRefused() {
        PurchaseLine l = line(JIA, "100.00", "1", "100.00");
        refused(settler.settle(purchase("310", "11", "14", "M03900", false, l), person("310", "11", "0"), DATE),
                "1305");
        PersonSnapshot expired = Fixtures.withOpsp(person("310", "11", "0"), new PersonSnapshot.OpspApproval(
                "M03900", "高血压", LocalDate.of(2025, 1, 1), LocalDate.of(2026, 3, 14)));
        refused(settler.settle(purchase("310", "11", "14", "M03900", false, l), expired, DATE), "1305");
        PersonSnapshot other = Fixtures.withOpsp(person("310", "11", "0"), new PersonSnapshot.OpspApproval(
                "E11900", "糖尿病", LocalDate.of(2026, 1, 1), null));
        refused(settler.settle(purchase("310", "11", "14", "M03900", false, l), other, DATE), "1305");
    }

    @Test
    void chronicDiseaseNotListedOrMissingIsRefused() {
        PurchaseLine l = line(JIA, "100.00", "1", "100.00");
        PersonSnapshot who = Fixtures.withOpsp(person("310", "11", "0"),
                new PersonSnapshot.OpspApproval("I10", "高血压", LocalDate.of(2026, 1, 1), null));
        refused(settler.settle(purchase("310", "11", "14", "I10", false, l), who, DATE), "1304");
        refused(settler.settle(purchase("310", "11", "14", "", false, l), who, DATE), "1303");
    }

    @Test
    void noMatchingRuleIsRefusedNeverDefaulted() {
        PurchaseLine l = line(JIA, "10.00", "1", "10.00");
        // 390 at a level-3 hospital: resident-outpatient wants hosp_lv 1 or pharmacy; chronic wants 14.
        Settler level3 = new Settler(Fixtures.examplePolicy(), Fixtures.catalog(), Fixtures.codeMap(), "3");
        refused(level3.settle(purchase("390", "21", "41", "", false, l), person("390", "21", "0"), DATE), "1301");
        // 310 with psn_type 13: neither employee rule lists it.
        refused(settler.settle(purchase("310", "13", "41", "", false, l), person("310", "13", "0"), DATE), "1301");
    }

    @Test
    void aPsnTypeThatContradictsThePersonsInsuranceIsRefusedNotUsedToPickARule() {
        // The person is an active employee (11) per the centre; a host claiming retired (12) would get
        // emp-retired-pharmacy's lower deductible and higher ratio. The centre's data decides the rule.
        PurchaseLine l = line(JIA, "100.00", "1", "100.00");
        Refusal r = refused(settler.settle(purchase("310", "12", "41", "", false, l), person("310", "11", "0"), DATE), "1309");
        assertTrue(r.detail().contains("psn_type 12") && r.detail().contains("11"), r.detail());
        assertEquals("emp-active-pharmacy", ok(settler.settle(purchase("310", "11", "41", "", false, l),
                person("310", "11", "0"), DATE)).ruleId(), "the same psn_type as the person's is accepted");
    }

    @Test
    void amountNotEqualToRoundedPriceTimesCountIsRefused() {
        // 3.33 × 3 = 9.99, the line says 10.00.
        Refusal r = refused(settler.settle(employee(false, line(JIA, "3.33", "3", "10.00")),
                person("310", "11", "0"), DATE), "1306");
        assertTrue(r.detail().contains("9.99"), r.detail());
    }

    @Test
    void amountIsRoundedHalfUpBeforeComparing() {
        // 0.125 × 1 = 0.125 -> HALF_UP 0.13 (HALF_EVEN would say 0.12).
        ok(settler.settle(employee(false, line(BING, "0.125", "1", "0.13")), person("310", "11", "0"), DATE));
        refused(settler.settle(employee(false, line(BING, "0.125", "1", "0.12")), person("310", "11", "0"), DATE),
                "1306");
    }

    @Test
    void dateBeforeThePolicyIsRefused() {
        refused(settler.settle(employee(false, line(JIA, "1.00", "1", "1.00")), person("310", "11", "0"),
                LocalDate.of(2025, 12, 31)), "1302");
    }

    @Test
    void declaredTotalMustMatchTheLines() {
        Purchase p = new Purchase("P1", "310", "11", "41", "", false, OptionalLong.of(fen("10.01")),
                List.of(line(JIA, "10.00", "1", "10.00")));
        refused(settler.settle(p, person("310", "11", "0"), DATE), "1308");
    }

    @Test
    void personNotInsuredUnderTheInsutypeIsRefused() {
        refused(settler.settle(employee(false, line(JIA, "1.00", "1", "1.00")), person("390", "21", "0"), DATE),
                "1307");
    }

    @Test
    void accumulatorsOfAnotherYearAreIgnored() {
        // A 2025 row does not count in 2026: the whole 200 deductible applies to this 100.00.
        PersonSnapshot.YearAccumulators lastYear = new PersonSnapshot.YearAccumulators(2025, "outpatient",
                new Accumulators(fen("200.00"), fen("3000.00"), fen("9000.00")));
        Settlement s = ok(settler.settle(employee(false, line(JIA, "100.00", "1", "100.00")),
                person("310", "11", "0", lastYear), DATE));
        yuan("100.00", s.totals().actPayDedc());
        assertEquals(2026, s.delta().year());
    }

    @Test
    void settlementRecordsTheVersionsItUsed() {
        Settlement s = ok(settler.settle(employee(false, line(JIA, "1.00", "1", "1.00")),
                person("310", "11", "0"), DATE));
        assertEquals(new Settlement.Versions("2026.03", "cat-7", "map-1"), s.versions());
    }
}
