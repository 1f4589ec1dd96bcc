package org.yibao.terminal.centre;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * Claim payloads in the form the terminal's flows queue them, for the centre's tests: the
 * fields SettleEngine.claim writes around the 2102 output (setlinfo, setldetail,
 * term_accu_delta as SettlementJsonWriter writes them), and for a reversal the 2103 output as
 * ReversedOutput makes it (setlinfo with every amount negated, no delta). Amounts go in as fen.
 */
final class ClaimPayloads {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ClaimPayloads() {
    }

    /** The institution and device a claim names (SettleEngine.claim takes them from the settings). */
    record Sender(String admdvs, String fixmedins, String device) {
    }

    static ObjectNode claim(Sender sender, CentreModel.Claim c, String msgid) {
        boolean reversal = c.kind() == CentreClaim.Kind.REVERSAL;
        String kind = reversal ? "reversal" : "settlement";
        ObjectNode n = F.objectNode();
        n.put("claim", kind);
        n.put("kind", kind);
        n.put("v", 1);
        n.put("infno", reversal ? "2103" : "2102");
        n.put("msgid", msgid);
        n.put("fixmedins_code", sender.fixmedins());
        n.put("admdvs", sender.admdvs());
        n.put("device_id", sender.device());
        n.put("opter_type", "1");
        n.put("offline", false);
        ObjectNode output = n.putObject("output");
        output.set("setlinfo", setlinfo(c, reversal ? -1 : 1));
        output.putArray("setldetail");
        if (!reversal) output.set("term_accu_delta", delta(c.delta()));
        return n;
    }

    static byte[] bytes(ObjectNode n) {
        return n.toString().getBytes(UTF_8);
    }

    private static ObjectNode setlinfo(CentreModel.Claim c, int sign) {
        ObjectNode s = F.objectNode();
        s.put("setl_id", c.setlId());
        s.put("mdtrt_id", "M" + c.setlId());
        s.put("psn_no", c.psnNo());
        s.put("psn_name", "张*丰");
        s.put("insutype", c.insutype());
        s.put("psn_type", "11");
        s.put("setl_time", c.date() + " 10:15:00");
        s.put("mdtrt_cert_type", "02");
        s.put("med_type", "41");
        s.put("clr_type", c.clrType());
        s.put("medfee_sumamt", yuan(sign * c.medfee()));
        s.put("fund_pay_sumamt", yuan(sign * c.fund()));
        s.put("acct_pay", yuan(sign * c.acct()));
        s.put("psn_cash_pay", yuan(sign * c.cash()));
        return s;
    }

    private static ObjectNode delta(CentreModel.Delta d) {
        ObjectNode n = F.objectNode();
        n.put("year", d.year());
        n.put("accu_group", d.group());
        n.put("insutype", d.insutype());
        n.put("dedc_used", yuan(d.dedcUsed()));
        n.put("fund_paid", yuan(d.fundPaid()));
        n.put("inscp_over_dedc", yuan(d.inscpOverDedc()));
        n.put("acct_pay", yuan(d.acctPay()));
        return n;
    }

    private static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }
}
