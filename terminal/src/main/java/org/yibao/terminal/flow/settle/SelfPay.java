package org.yibao.terminal.flow.settle;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.yibao.terminal.domain.settlement.AccumulatorDelta;
import org.yibao.terminal.domain.settlement.PoolShare;
import org.yibao.terminal.domain.settlement.Settlement;
import org.yibao.terminal.domain.settlement.SettlementTotals;

/**
 * Turns a computed settlement into a 全自费 one (the POS asked {@code term_selfpay_only: "1"}):
 * the line splits stay as computed, but no fund and no account pays, so the person pays the
 * whole amount in cash and the accumulators do not move. Pure.
 */
public final class SelfPay {
    /** Appended to warn_msg of a self-pay settlement. */
    public static final String WARNING = "全自费结算，基金和个人账户不支付";

    private SelfPay() {
    }

    public static Settlement of(Settlement s) {
        SettlementTotals t = s.totals();
        long inscp = t.inscpScpAmt();
        PoolShare pool = new PoolShare(0, inscp, 0, 0, inscp, BigDecimal.ZERO.setScale(4));
        SettlementTotals cash = new SettlementTotals(t.medfeeSumamt(), t.fulamtOwnpayAmt(), t.overlmtSelfpay(),
                t.preselfpayAmt(), inscp, pool, 0, 0, t.medfeeSumamt(), 0, t.medfeeSumamt(), t.balanceBefore(),
                t.balanceBefore());
        AccumulatorDelta d = s.delta();
        AccumulatorDelta none = new AccumulatorDelta(d.group(), d.year(), d.insutype(), 0, 0, 0, 0);
        List<String> warnings = new ArrayList<>(s.warnings());
        warnings.add(WARNING);
        return new Settlement(s.date(), s.ruleId(), s.insutype(), s.psnType(), s.medType(), s.diseCodg(), s.lines(),
                cash, List.of(), none, warnings, s.versions());
    }
}
