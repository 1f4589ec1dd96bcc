package org.yibao.terminal.domain.settlement;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.money.Fen;

/**
 * The split a host declares when it settles a visit (2207 sends back fulamt_ownpay_amt,
 * overlmt_selfpay, preselfpay_amt and inscp_scp_amt from its 2206), in fen; each part only when
 * the host sent it. Pure: {@link #check} compares them with the settlement computed now, so a
 * catalogue or price that changed between 2206 and 2207 is refused instead of settled at a split
 * the patient was not shown.
 */
public record DeclaredParts(OptionalLong fulamtOwnpay, OptionalLong overlmtSelfpay, OptionalLong preselfpay,
                            OptionalLong inscpScp) {
    /** Nothing declared: nothing to check. */
    public static final DeclaredParts NONE =
            new DeclaredParts(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    public DeclaredParts {
        Objects.requireNonNull(fulamtOwnpay, "fulamtOwnpay");
        Objects.requireNonNull(overlmtSelfpay, "overlmtSelfpay");
        Objects.requireNonNull(preselfpay, "preselfpay");
        Objects.requireNonNull(inscpScp, "inscpScp");
    }

    /** Empty when every declared part equals the computed one; else a 1313 refusal naming the first that differs. */
    public Optional<Refusal> check(SettlementTotals computed) {
        return differs("fulamt_ownpay_amt", fulamtOwnpay, computed.fulamtOwnpayAmt())
                .or(() -> differs("overlmt_selfpay", overlmtSelfpay, computed.overlmtSelfpay()))
                .or(() -> differs("preselfpay_amt", preselfpay, computed.preselfpayAmt()))
                .or(() -> differs("inscp_scp_amt", inscpScp, computed.inscpScpAmt()));
    }

    private static Optional<Refusal> differs(String field, OptionalLong declared, long computed) {
        if (declared.isEmpty() || declared.getAsLong() == computed) return Optional.empty();
        return Optional.of(new Refusal(SettlementReason.PARTS_MISMATCH,
                field + " 申报 " + Fen.format(declared.getAsLong()) + "，本次计算 " + Fen.format(computed)));
    }
}
