package org.yibao.terminal.api.json;

import org.yibao.terminal.privacy.Masking;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.domain.settlement.AccumulatorDelta;
import org.yibao.terminal.domain.settlement.FundDetail;
import org.yibao.terminal.domain.settlement.LineSplit;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.settlement.SettlementTotals;

/**
 * Writes a {@link Settlement} as the national 2101/2102 (and 2206/2207) output object:
 * {@code setlinfo}, {@code setldetail[]}, {@code detlcutinfo[]} with the spec's field names,
 * amounts as JSON numbers with 2 decimals, plus the terminal's own {@code term_*} fields
 * (pool self-pay amount, policy / catalogue / code-map versions, rule, accumulator delta).
 * The name and the psn_no are masked unless asked otherwise. A reversal's output is made from the stored one
 * ({@code ReversedOutput}).
 */
public final class SettlementJsonWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Output options: show personal data unmasked. */
    public record Options(boolean unmasked) {
        /**
         * The local API's answer: the host (the pharmacy's POS, the HIS, the kiosk screen) gets the
         * person's data as the national platform gives it; masking is for logs, receipts and diagnostics.
         */
        public static final Options API = new Options(true);
    }

    private final Options options;

    public SettlementJsonWriter(Options options) {
        this.options = options;
    }

    /** The output object of a settlement. */
    public ObjectNode write(Settlement s, SettlementHeader h) {
        ObjectNode out = F.objectNode();
        out.set("setlinfo", setlinfo(s, h));
        ArrayNode details = out.putArray("setldetail");
        s.details().forEach(d -> details.add(detail(d)));
        ArrayNode lines = out.putArray("detlcutinfo");
        s.lines().forEach(l -> lines.add(line(l)));
        out.set("term_accu_delta", delta(s.delta()));
        return out;
    }

    /** The failure response: {@code {"infcode":-1,"term_errcode":"NNNN","err_msg":"..."}}. */
    public static ObjectNode refusal(Refusal r) {
        ObjectNode n = F.objectNode();
        n.put("infcode", -1);
        n.put("term_errcode", r.reason().code());
        n.put("err_msg", r.errMsg());
        return n;
    }

    private ObjectNode setlinfo(Settlement s, SettlementHeader h) {
        SettlementTotals t = s.totals();
        ObjectNode n = F.objectNode();
        h.setlId().ifPresent(id -> n.put("setl_id", id));
        n.put("mdtrt_id", h.mdtrtId());
        n.put("psn_no", options.unmasked() ? h.psnNo() : Masking.number(h.psnNo()));
        n.put("psn_name", options.unmasked() ? h.psnName() : Masking.name(h.psnName()));
        n.put("insutype", s.insutype());
        n.put("psn_type", s.psnType());
        n.put("setl_time", TIME.format(h.setlTime()));
        n.put("mdtrt_cert_type", h.mdtrtCertType());
        n.put("med_type", s.medType());
        money(n, "medfee_sumamt", t.medfeeSumamt());
        money(n, "fulamt_ownpay_amt", t.fulamtOwnpayAmt());
        money(n, "overlmt_selfpay", t.overlmtSelfpay());
        money(n, "preselfpay_amt", t.preselfpayAmt());
        money(n, "inscp_scp_amt", t.inscpScpAmt());
        money(n, "act_pay_dedc", t.actPayDedc());
        money(n, "hifp_pay", t.hifpPay());
        decimal(n, "pool_prop_selfpay", t.poolPropSelfpay());
        for (String other : new String[] {"cvlserv_pay", "hifes_pay", "hifmi_pay", "hifob_pay", "maf_pay", "oth_pay"}) {
            money(n, other, 0);
        }
        money(n, "fund_pay_sumamt", t.fundPaySumamt());
        money(n, "psn_part_amt", t.psnPartAmt());
        money(n, "acct_pay", t.acctPay());
        money(n, "psn_cash_pay", t.psnCashPay());
        money(n, "hosp_part_amt", t.hospPartAmt());
        money(n, "balc", t.balc());
        money(n, "acct_mulaid_pay", 0);
        n.put("medins_setl_id", h.medinsSetlId());
        n.put("clr_optins", h.clrOptins());
        n.put("clr_way", "1");
        n.put("clr_type", clrType(s.medType()));
        money(n, "term_pool_selfpay_amt", t.poolSelfpay());
        n.put("term_rule_id", s.ruleId());
        n.put("term_accu_group", s.delta().group());
        n.put("term_policy_ver", s.versions().policy());
        n.put("term_catalog_ver", s.versions().catalogue());
        n.put("term_codemap_ver", s.versions().codeMap());
        return n;
    }

    /** clr_type: 41 药店购药, 11 门诊 (11-14), 99 其他. */
    static String clrType(String medType) {
        return switch (medType) {
            case "41" -> "41";
            case "11", "12", "13", "14" -> "11";
            default -> "99";
        };
    }

    private ObjectNode detail(FundDetail d) {
        ObjectNode n = F.objectNode();
        n.put("fund_pay_type", d.fundPayType().code());
        money(n, "inscp_scp_amt", d.inscpScpAmt());
        money(n, "crt_payb_lmt_amt", d.crtPaybLmtAmt().orElse(0));
        money(n, "fund_payamt", d.fundPayamt());
        n.put("fund_pay_type_name", d.fundPayType().displayName());
        n.put("setl_proc_info", d.setlProcInfo());
        return n;
    }

    /** One detlcutinfo row; 2204 answers each uploaded line's split with the same row in its {@code result[]}. */
    public ObjectNode line(LineSplit l) {
        ObjectNode n = F.objectNode();
        n.put("feedetl_sn", l.line().feedetlSn());
        money(n, "det_item_fee_sumamt", l.line().amount());
        decimal(n, "cnt", l.line().cnt());
        decimal(n, "pric", l.line().pric());
        BigDecimal cap = l.entry().map(CatalogEntry::priceCap).orElse(null);
        decimal(n, "pric_uplmt_amt", cap == null ? BigDecimal.ZERO.setScale(2) : atLeastScale(cap, 2));
        decimal(n, "selfpay_prop", atLeastScale(l.selfpayProp(), 4));
        money(n, "fulamt_ownpay_amt", l.fulamtOwnpay());
        money(n, "overlmt_amt", l.overlmt());
        money(n, "preselfpay_amt", l.preselfpay());
        money(n, "inscp_scp_amt", l.inscp());
        n.put("chrgitm_lv", l.entry().map(e -> e.level().code()).orElse(ChargeLevel.C.code()));
        n.put("med_chrgitm_type", l.entry().map(CatalogEntry::chrgitmType).orElse(""));
        n.put("lmt_used_flag", l.entry().map(e -> e.restrictedUse() ? "1" : "0").orElse("0"));
        n.put("term_med_list_codg", l.nationalCode());
        return n;
    }

    private ObjectNode delta(AccumulatorDelta d) {
        ObjectNode n = F.objectNode();
        n.put("year", d.year());
        n.put("accu_group", d.group());
        n.put("insutype", d.insutype());
        money(n, "dedc_used", d.dedcUsed());
        money(n, "fund_paid", d.fundPaid());
        money(n, "inscp_over_dedc", d.inscpOverDedc());
        money(n, "acct_pay", d.accountPaid());
        return n;
    }

    private void money(ObjectNode n, String field, long fen) {
        decimal(n, field, BigDecimal.valueOf(fen, 2));
    }

    /** An exact decimal, written with its scale (12.30 stays 12.30). */
    private static void decimal(ObjectNode n, String field, BigDecimal v) {
        n.set(field, DecimalNode.valueOf(v));
    }

    private static BigDecimal atLeastScale(BigDecimal v, int scale) {
        return v.scale() >= scale ? v : v.setScale(scale);
    }
}
