package org.yibao.terminal.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.domain.money.Fen;
import org.yibao.terminal.domain.settlement.AccumulatorDelta;
import org.yibao.terminal.domain.settlement.Fixtures;
import org.yibao.terminal.domain.settlement.FundDetail;
import org.yibao.terminal.domain.settlement.LineSplit;
import org.yibao.terminal.domain.settlement.Outcome;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.settlement.SettlementTotals;
import org.yibao.terminal.domain.settlement.Settler;
import org.yibao.terminal.privacy.Masking;

/**
 * The 2101/2102 output a host reads (spec, 2101 "output"): every setlinfo field the spec lists,
 * each amount a JSON number with 2 decimals and the value the settlement computed, setldetail
 * one row per fund, detlcutinfo one row per line with its catalogue facts, the terminal's
 * term_* fields, and the person's data unmasked for the host, masked otherwise.
 */
class SettlementJsonWriterTest {
    private static final LocalDate DAY = Fixtures.DATE;
    private static final String PSN_NO = "37150000000000000001";

    /** 甲类 (no cap), 乙类 restricted with a cap, 丙类. */
    private static final Catalog CATALOG = new Catalog() {
        private final List<CatalogEntry> rows = List.of(
                entry("XA1", ChargeLevel.A, "0", null, false, "11"),
                entry("XB1", ChargeLevel.B, "0.1", "4.5", true, "09"),
                entry("XC1", ChargeLevel.C, "1", null, false, "12"));

        @Override public Optional<CatalogEntry> find(String code, LocalDate date) {
            return rows.stream().filter(e -> e.code().equals(code)).findFirst();
        }

        @Override public String version() {
            return "cat-9";
        }
    };

    private static CatalogEntry entry(String code, ChargeLevel level, String prop, String cap, boolean restricted,
                                      String chrgitmType) {
        return new CatalogEntry(code, code, "101", level, chrgitmType, new BigDecimal(prop), new BigDecimal(prop),
                cap == null ? null : new BigDecimal(cap), restricted, LocalDate.of(2024, 1, 1), null, "cat-9");
    }

    private static Settlement settlement() {
        var purchase = Fixtures.employee(true, Fixtures.line("XA1", "5000.00", "2", "10000.00"),
                Fixtures.line("XB1", "5.00", "3", "15.00"), Fixtures.line("XC1", "8.5", "1", "8.50"),
                Fixtures.line("XZ-NOT-LISTED", "1.25", "2", "2.50"));
        return switch (new Settler(Fixtures.examplePolicy(), CATALOG, Fixtures.codeMap(), "pharmacy")
                .settle(purchase, Fixtures.person("310", "11", "500.00"), DAY)) {
            case Outcome.Ok<Settlement> ok -> ok.value();
            case Outcome.Refused<Settlement> r -> throw new AssertionError(r.refusal().errMsg());
        };
    }

    private static SettlementHeader header(Optional<String> setlId) {
        return new SettlementHeader(setlId, "MDTRT-1", PSN_NO, "张三丰", LocalDateTime.of(2026, 3, 15, 10, 30, 5), "02",
                "P43010200001202603151030000001", "371500");
    }

    private static List<String> names(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** An amount as the host reads it: a JSON number with exactly 2 decimals, equal to {@code fen}. */
    private static void money(long fen, JsonNode n, String field) {
        assertEquals(Fen.format(fen), n.get(field).decimalValue().toPlainString(), field);
        assertEquals(true, n.get(field).isNumber(), field + " is a number");
    }

    @Test void setlinfoHasEverySpecFieldWithTheSettlementsAmounts() {
        Settlement s = settlement();
        JsonNode out = new SettlementJsonWriter(SettlementJsonWriter.Options.API).write(s, header(Optional.of("S1")));
        assertEquals(List.of("setlinfo", "setldetail", "detlcutinfo", "term_accu_delta"), names(out));
        JsonNode info = out.get("setlinfo");
        assertEquals(List.of("setl_id", "mdtrt_id", "psn_no", "psn_name", "insutype", "psn_type", "setl_time",
                "mdtrt_cert_type", "med_type", "medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt",
                "inscp_scp_amt", "act_pay_dedc", "hifp_pay", "pool_prop_selfpay", "cvlserv_pay", "hifes_pay", "hifmi_pay",
                "hifob_pay", "maf_pay", "oth_pay", "fund_pay_sumamt", "psn_part_amt", "acct_pay", "psn_cash_pay",
                "hosp_part_amt", "balc", "acct_mulaid_pay", "medins_setl_id", "clr_optins", "clr_way", "clr_type",
                "term_pool_selfpay_amt", "term_rule_id", "term_accu_group", "term_policy_ver", "term_catalog_ver",
                "term_codemap_ver"), names(info));
        assertEquals("S1", info.get("setl_id").asText());
        assertEquals("MDTRT-1", info.get("mdtrt_id").asText());
        assertEquals(PSN_NO, info.get("psn_no").asText(), "the host gets the person's data unmasked");
        assertEquals("张三丰", info.get("psn_name").asText());
        assertEquals("2026-03-15 10:30:05", info.get("setl_time").asText());
        assertEquals("02", info.get("mdtrt_cert_type").asText());
        assertEquals("310", info.get("insutype").asText());
        assertEquals("11", info.get("psn_type").asText());
        assertEquals("41", info.get("med_type").asText());
        SettlementTotals t = s.totals();
        money(t.medfeeSumamt(), info, "medfee_sumamt");
        money(t.fulamtOwnpayAmt(), info, "fulamt_ownpay_amt");
        money(t.overlmtSelfpay(), info, "overlmt_selfpay");
        money(t.preselfpayAmt(), info, "preselfpay_amt");
        money(t.inscpScpAmt(), info, "inscp_scp_amt");
        money(t.actPayDedc(), info, "act_pay_dedc");
        money(t.hifpPay(), info, "hifp_pay");
        assertEquals(t.poolPropSelfpay(), info.get("pool_prop_selfpay").decimalValue());
        for (String other : List.of("cvlserv_pay", "hifes_pay", "hifmi_pay", "hifob_pay", "maf_pay", "oth_pay",
                "acct_mulaid_pay")) {
            money(0, info, other);
        }
        money(t.fundPaySumamt(), info, "fund_pay_sumamt");
        money(t.psnPartAmt(), info, "psn_part_amt");
        money(t.acctPay(), info, "acct_pay");
        money(t.psnCashPay(), info, "psn_cash_pay");
        money(t.hospPartAmt(), info, "hosp_part_amt");
        money(t.balc(), info, "balc");
        money(t.poolSelfpay(), info, "term_pool_selfpay_amt");
        assertEquals("P43010200001202603151030000001", info.get("medins_setl_id").asText());
        assertEquals("371500", info.get("clr_optins").asText());
        assertEquals("1", info.get("clr_way").asText());
        assertEquals("41", info.get("clr_type").asText());
        assertEquals(s.ruleId(), info.get("term_rule_id").asText());
        assertEquals(s.delta().group(), info.get("term_accu_group").asText());
        assertEquals(s.versions().policy(), info.get("term_policy_ver").asText());
        assertEquals("cat-9", info.get("term_catalog_ver").asText());
        assertEquals("map-1", info.get("term_codemap_ver").asText());
        // the numbers are not all zero: the identities are checked on real amounts
        assertFalse(t.fundPaySumamt() == 0 || t.acctPay() == 0 || t.fulamtOwnpayAmt() == 0, t.toString());
    }

    @Test void setlIdIsWrittenOnlyWhenThereIsOne() {
        JsonNode info = new SettlementJsonWriter(SettlementJsonWriter.Options.API).write(settlement(),
                header(Optional.empty())).get("setlinfo");
        assertFalse(info.has("setl_id"), "2101 (a pre-settlement) has no setl_id");
    }

    @Test void outsideTheApiThePersonIsMasked() {
        JsonNode info = new SettlementJsonWriter(new SettlementJsonWriter.Options(false)).write(settlement(),
                header(Optional.of("S1"))).get("setlinfo");
        assertEquals(Masking.number(PSN_NO), info.get("psn_no").asText());
        assertEquals(Masking.name("张三丰"), info.get("psn_name").asText());
    }

    @Test void setldetailHasOneRowPerFundPayment() {
        Settlement s = settlement();
        JsonNode rows = new SettlementJsonWriter(SettlementJsonWriter.Options.API).write(s, header(Optional.empty()))
                .get("setldetail");
        assertEquals(s.details().size(), rows.size());
        assertFalse(s.details().isEmpty());
        for (int i = 0; i < rows.size(); i++) {
            FundDetail d = s.details().get(i);
            JsonNode row = rows.get(i);
            assertEquals(List.of("fund_pay_type", "inscp_scp_amt", "crt_payb_lmt_amt", "fund_payamt", "fund_pay_type_name",
                    "setl_proc_info"), names(row));
            assertEquals(d.fundPayType().code(), row.get("fund_pay_type").asText());
            money(d.inscpScpAmt(), row, "inscp_scp_amt");
            money(d.crtPaybLmtAmt().orElse(0), row, "crt_payb_lmt_amt");
            money(d.fundPayamt(), row, "fund_payamt");
            assertEquals(d.fundPayType().displayName(), row.get("fund_pay_type_name").asText());
            assertEquals(d.setlProcInfo(), row.get("setl_proc_info").asText());
        }
    }

    @Test void detlcutinfoHasOneRowPerLineWithItsCatalogueFacts() {
        Settlement s = settlement();
        JsonNode rows = new SettlementJsonWriter(SettlementJsonWriter.Options.API).write(s, header(Optional.empty()))
                .get("detlcutinfo");
        assertEquals(4, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            LineSplit l = s.lines().get(i);
            JsonNode row = rows.get(i);
            assertEquals(l.line().feedetlSn(), row.get("feedetl_sn").asText());
            money(l.line().amount(), row, "det_item_fee_sumamt");
            assertEquals(l.line().cnt(), row.get("cnt").decimalValue());
            assertEquals(l.line().pric(), row.get("pric").decimalValue());
            money(l.fulamtOwnpay(), row, "fulamt_ownpay_amt");
            money(l.overlmt(), row, "overlmt_amt");
            money(l.preselfpay(), row, "preselfpay_amt");
            money(l.inscp(), row, "inscp_scp_amt");
            assertEquals(l.nationalCode(), row.get("term_med_list_codg").asText());
        }
        JsonNode jia = rows.get(0);
        JsonNode yi = rows.get(1);
        JsonNode bing = rows.get(2);
        JsonNode unlisted = rows.get(3);
        assertEquals("8.5", bing.get("pric").decimalValue().toPlainString(), "the price as sent");
        assertEquals(List.of("01", "02", "03", "03"), List.of(jia.get("chrgitm_lv").asText(), yi.get("chrgitm_lv").asText(),
                bing.get("chrgitm_lv").asText(), unlisted.get("chrgitm_lv").asText()));
        assertEquals(List.of("11", "09", "12", ""), List.of(jia.get("med_chrgitm_type").asText(),
                yi.get("med_chrgitm_type").asText(), bing.get("med_chrgitm_type").asText(),
                unlisted.get("med_chrgitm_type").asText()));
        assertEquals(List.of("0", "1", "0", "0"), List.of(jia.get("lmt_used_flag").asText(), yi.get("lmt_used_flag").asText(),
                bing.get("lmt_used_flag").asText(), unlisted.get("lmt_used_flag").asText()));
        assertEquals("4.50", yi.get("pric_uplmt_amt").decimalValue().toPlainString(), "a cap written 4.5 with 2 decimals");
        assertEquals("0.00", jia.get("pric_uplmt_amt").decimalValue().toPlainString(), "no cap: 0.00");
        assertEquals("0.1000", yi.get("selfpay_prop").decimalValue().toPlainString(), "a ratio with 4 decimals");
    }

    @Test void theAccumulatorDeltaIsWrittenWhole() {
        Settlement s = settlement();
        JsonNode delta = new SettlementJsonWriter(SettlementJsonWriter.Options.API).write(s, header(Optional.empty()))
                .get("term_accu_delta");
        AccumulatorDelta d = s.delta();
        assertEquals(List.of("year", "accu_group", "insutype", "dedc_used", "fund_paid", "inscp_over_dedc", "acct_pay"),
                names(delta));
        assertEquals(d.year(), delta.get("year").intValue());
        assertEquals(d.group(), delta.get("accu_group").asText());
        assertEquals("310", delta.get("insutype").asText());
        money(d.dedcUsed(), delta, "dedc_used");
        money(d.fundPaid(), delta, "fund_paid");
        money(d.inscpOverDedc(), delta, "inscp_over_dedc");
        money(d.accountPaid(), delta, "acct_pay");
        assertFalse(d.fundPaid() == 0 || d.accountPaid() == 0, d.toString());
    }

    /** clr_type (spec codes): 41 药店购药 for med_type 41, 11 门诊 for 11-14, 99 其他 for anything else. */
    @Test void clrTypeFollowsMedType() {
        assertEquals("41", SettlementJsonWriter.clrType("41"));
        for (String outpatient : List.of("11", "12", "13", "14")) assertEquals("11", SettlementJsonWriter.clrType(outpatient));
        assertEquals("99", SettlementJsonWriter.clrType("21"));
        assertEquals("99", SettlementJsonWriter.clrType(""));
    }

    @Test void aRefusalIsInfcodeMinusOneWithItsCodeAndMessage() {
        JsonNode n = SettlementJsonWriter.refusal(new Refusal(JsonInputReason.NEGATIVE, "input.drugdetail[0].cnt = -1"));
        assertEquals(List.of("infcode", "term_errcode", "err_msg"), names(n));
        assertEquals(-1, n.get("infcode").intValue());
        assertEquals("1024", n.get("term_errcode").asText());
        assertEquals("金额、单价、数量等数值不能为负数：input.drugdetail[0].cnt = -1", n.get("err_msg").asText());
    }
}
