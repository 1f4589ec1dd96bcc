package org.yibao.terminal.flow.settle;

import java.util.Objects;
import java.util.Optional;
import org.yibao.terminal.domain.settlement.DeclaredParts;
import org.yibao.terminal.domain.settlement.Purchase;

/**
 * One settlement asked for, whichever transaction carried it (2101/2102 pharmacy, 2206/2207
 * clinic): the purchase, the credential it names (type, echoed in setlinfo, and number), whether the POS asked for
 * 全自费 ({@code term_selfpay_only: "1"}), the clinic visit's mdtrt_id (empty for a pharmacy:
 * the settlement gets a new one), the invoice number and the split the host declared (2207; see
 * {@link DeclaredParts}).
 */
public record SettleRequest(Purchase purchase, String mdtrtCertType, String mdtrtCertNo, boolean selfPayOnly, Optional<String> mdtrtId,
                            String invono, DeclaredParts declared) {
    public SettleRequest {
        Objects.requireNonNull(declared, "declared");
        Objects.requireNonNull(purchase, "purchase");
        mdtrtCertType = Objects.requireNonNullElse(mdtrtCertType, "");
        mdtrtCertNo = Objects.requireNonNullElse(mdtrtCertNo, "");
        Objects.requireNonNull(mdtrtId, "mdtrtId");
        invono = Objects.requireNonNullElse(invono, "");
    }
}
