package org.yibao.terminal.flow.recon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.StoredMessage;
import org.yibao.terminal.api.http.Call;
import org.yibao.terminal.api.http.Reply;
import org.yibao.terminal.api.http.TransactionHandler;
import org.yibao.terminal.api.json.ReconRequest;
import org.yibao.terminal.api.json.ReconRequestJson;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.flow.FlowReason;
import org.yibao.terminal.store.settlement.StoredSettlement;
import org.yibao.terminal.store.settlement.SettlementStore;

/**
 * 3201 对总账. Compares, for the period and the asked insutype / clr_type, three sets of totals
 * (medfee_sumamt, fund_pay_sumamt, acct_pay, count): the host's (the request), the terminal's
 * own settlements, and those whose claims the centre has acknowledged (outbox state ACKED).
 * With refd_setl_flag 1 or empty every reversal counts as an entry of its own with negated
 * amounts; with 0 the reversals are left out and the settlements they reversed still count (as the
 * reference centre's {@code Reconciliation} does). stmt_rslt is 0 only when all three agree;
 * {@code term_diff[]} lists the entries the centre has not acknowledged, and
 * {@code term_groups[]} the local and acknowledged totals per insutype × clr_type. The request's
 * fields are read by {@link ReconRequestJson} (10xx refusals as for 2101/2102); a period that ends
 * before it begins is refused 1375. Writes nothing.
 */
public final class ReconcileHandler implements TransactionHandler {
    private final SettlementStore settlements;
    private final Outbox outbox;

    public ReconcileHandler(SettlementStore settlements, Outbox outbox) {
        this.settlements = Objects.requireNonNull(settlements, "settlements");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    @Override
    public Reply handle(Call call) throws SQLException {
        ReconRequest asked = ReconRequestJson.parseInput(call.envelope().input()); // a bad field is refused 10xx
        if (asked.end().isBefore(asked.begin())) {
            return new Reply.Refused(new Refusal(FlowReason.BAD_PERIOD, "stmt_begndate " + asked.begin() + " 晚于 stmt_enddate " + asked.end()));
        }
        String insutype = asked.insutype();
        String clrType = asked.clrType();
        Map<String, Totals[]> groups = new TreeMap<>();
        ArrayNode diff = JsonNodeFactory.instance.arrayNode();
        for (StoredSettlement s : settlements.between(asked.begin(), asked.end())) {
            if ((!insutype.isEmpty() && !insutype.equals(s.insutype())) || (!clrType.isEmpty() && !clrType.equals(s.clrType()))) {
                continue;
            }
            boolean reversed = s.state() == StoredSettlement.State.REVERSED;
            Totals[] g = groups.computeIfAbsent(s.insutype() + "|" + s.clrType(), k -> new Totals[] {Totals.ZERO, Totals.ZERO});
            entry(g, s, 1, s.claimId(), diff);
            if (reversed && asked.withReversals()) entry(g, s, -1, s.reversalClaimId().orElseThrow(), diff);
        }
        Totals local = Totals.ZERO;
        Totals acked = Totals.ZERO;
        ArrayNode groupRows = JsonNodeFactory.instance.arrayNode();
        for (Map.Entry<String, Totals[]> e : groups.entrySet()) {
            local = sum(local, e.getValue()[0]);
            acked = sum(acked, e.getValue()[1]);
            String[] key = e.getKey().split("\\|", -1);
            ObjectNode row = groupRows.addObject().put("insutype", key[0]).put("clr_type", key[1]);
            row.set("local", totals(e.getValue()[0]));
            row.set("acked", totals(e.getValue()[1]));
        }
        Totals host = new Totals(asked.medfeeSumamt(), asked.fundPaySumamt(), asked.acctPay(), asked.count());
        return new Reply.Success(output(asked.setlOptins(), host, local, acked, groupRows, diff), "");
    }

    private void entry(Totals[] g, StoredSettlement s, int sign, String claimId, ArrayNode diff) throws SQLException {
        g[0] = g[0].plus(sign * s.medfeeSumamt(), sign * s.fundPaySumamt(), sign * s.acctPay());
        Optional<StoredMessage> claim = outbox.find(claimId);
        boolean ok = claim.isEmpty() || claim.get().state() == MessageState.ACKED;
        if (ok) {
            g[1] = g[1].plus(sign * s.medfeeSumamt(), sign * s.fundPaySumamt(), sign * s.acctPay());
            return;
        }
        ObjectNode d = diff.addObject();
        d.put("setl_id", s.setlId());
        d.put("kind", sign > 0 ? "settlement" : "reversal");
        d.put("claim_id", claimId);
        d.put("claim_state", claim.get().state().name());
        d.set("medfee_sumamt", money(sign * s.medfeeSumamt()));
        d.set("fund_pay_sumamt", money(sign * s.fundPaySumamt()));
        d.set("acct_pay", money(sign * s.acctPay()));
    }

    private static ObjectNode output(String setlOptins, Totals host, Totals local, Totals acked, ArrayNode groups, ArrayNode diff) {
        boolean hostAgrees = host.equals(local);
        boolean centreAgrees = local.equals(acked);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode info = out.putObject("stmtinfo");
        info.put("setl_optins", setlOptins);
        info.put("stmt_rslt", hostAgrees && centreAgrees ? "0" : "1");
        info.put("stmt_rslt_dscr", hostAgrees && centreAgrees ? "对账平衡"
                : (hostAgrees ? "" : "机构上报总额与本机结算不符；") + (centreAgrees ? "" : "有 " + diff.size() + " 笔未获中心确认"));
        out.set("term_local", totals(local));
        out.set("term_acked", totals(acked));
        out.set("term_groups", groups);
        out.set("term_diff", diff);
        return out;
    }

    private static ObjectNode totals(Totals t) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("medfee_sumamt", money(t.medfee()));
        n.set("fund_pay_sumamt", money(t.fund()));
        n.set("acct_pay", money(t.acct()));
        n.put("fixmedins_setl_cnt", t.count());
        return n;
    }

    private static Totals sum(Totals a, Totals b) {
        return new Totals(a.medfee() + b.medfee(), a.fund() + b.fund(), a.acct() + b.acct(), a.count() + b.count());
    }

    private static DecimalNode money(long fen) {
        return DecimalNode.valueOf(BigDecimal.valueOf(fen, 2));
    }
}
