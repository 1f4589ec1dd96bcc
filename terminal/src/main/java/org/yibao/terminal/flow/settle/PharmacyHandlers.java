package org.yibao.terminal.flow.settle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import org.yibao.terminal.api.http.HandlerRegistry;
import org.yibao.terminal.api.http.TransactionHandler;
import org.yibao.terminal.api.json.DrugRequest;
import org.yibao.terminal.api.json.DrugRequestJson;
import org.yibao.terminal.api.json.JsonFields;
import org.yibao.terminal.domain.settlement.DeclaredParts;

/**
 * The pharmacy transactions: 2101 药店预结算, 2102 药店结算, 2103 药店结算撤销. The POS asks
 * for a 全自费 settlement (no fund, no account: it still works while the claim backlog is
 * full) with {@code input.druginfo.term_selfpay_only: "1"}.
 */
public final class PharmacyHandlers {
    private final SettleEngine engine;
    private final Reverser reverser;

    public PharmacyHandlers(SettleEngine engine, Reverser reverser) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.reverser = Objects.requireNonNull(reverser, "reverser");
    }

    /** Registers 2101, 2102 and 2103. */
    public void registerInto(HandlerRegistry registry) {
        registry.register("2101", call -> engine.preSettle(call, request(call.envelope().input())));
        registry.register("2102", call -> engine.settle(call, request(call.envelope().input())));
        registry.register("2103", reversal(reverser));
    }

    /**
     * A 2103/2208 handler: input {@code data}: setl_id, mdtrt_id, psn_no, each required (absent
     * or "" is refused 1021 naming it, a value that is not text 1022), so the reverser always
     * checks mdtrt_id and psn_no against the settlement.
     */
    static TransactionHandler reversal(Reverser reverser) {
        return call -> {
            JsonNode data = JsonFields.requiredObject(call.envelope().input(), "data", "input");
            String setlId = JsonFields.requiredText(data, "setl_id", "input.data");
            String mdtrtId = JsonFields.requiredText(data, "mdtrt_id", "input.data");
            String psnNo = JsonFields.requiredText(data, "psn_no", "input.data");
            return reverser.reverse(call, new Reverser.ReverseRequest(setlId, mdtrtId, psnNo));
        };
    }

    static SettleRequest request(JsonNode input) {
        DrugRequest r = DrugRequestJson.parseInput(input);
        JsonNode info = input.get("druginfo");
        return new SettleRequest(r.purchase(), r.mdtrtCertType(), r.mdtrtCertNo(), r.selfPayOnly(), Optional.empty(), r.invono(),
                DeclaredParts.NONE, JsonFields.text(info, "psn_cert_type", "input.druginfo"), JsonFields.text(info, "certno", "input.druginfo"));
    }
}
