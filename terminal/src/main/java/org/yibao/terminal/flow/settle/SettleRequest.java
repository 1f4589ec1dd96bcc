package org.yibao.terminal.flow.settle;

import java.util.Objects;
import java.util.Optional;
import org.yibao.terminal.domain.settlement.DeclaredParts;
import org.yibao.terminal.domain.settlement.Purchase;

/**
 * One settlement asked for, whichever transaction carried it (2101/2102 pharmacy, 2206/2207
 * clinic): the purchase, the credential it names (type, echoed in setlinfo, and number), whether the POS asked for
 * 全自费 ({@code term_selfpay_only: "1"}), the clinic visit with the fee lines it was read with (empty
 * for a pharmacy: the settlement gets a new mdtrt_id), the invoice number, the split the host
 * declared (2207; see {@link DeclaredParts}) and the certificate the host sent back (2101/2102's
 * psn_cert_type and certno; "" for a clinic settlement).
 */
public record SettleRequest(Purchase purchase, String mdtrtCertType, String mdtrtCertNo, boolean selfPayOnly, Optional<VisitFees> visit,
                            String invono, DeclaredParts declared, String psnCertType, String certno) {

    /**
     * The clinic visit a 2206 / 2207 settles and its fee lines ({@code fees_json}) as the purchase
     * was read from them: the settlement's commit checks they are still the visit's, so a 2204
     * committing in between is not left out of a settlement that says it covers the visit.
     */
    public record VisitFees(String mdtrtId, String feesJson) {
        public VisitFees {
            Objects.requireNonNull(mdtrtId, "mdtrtId");
            Objects.requireNonNull(feesJson, "feesJson");
        }
    }

    public SettleRequest {
        Objects.requireNonNull(declared, "declared");
        Objects.requireNonNull(purchase, "purchase");
        mdtrtCertType = Objects.requireNonNullElse(mdtrtCertType, "");
        mdtrtCertNo = Objects.requireNonNullElse(mdtrtCertNo, "");
        Objects.requireNonNull(visit, "visit");
        invono = Objects.requireNonNullElse(invono, "");
        psnCertType = Objects.requireNonNullElse(psnCertType, "");
        certno = Objects.requireNonNullElse(certno, "");
    }

    /**
     * The 社会保障卡 number the settlement names (credential type 03; the check has made sure it is the
     * card this terminal identified the person by), printed masked on the receipt; empty for any other credential.
     */
    public String cardNo() {
        return mdtrtCertType.equals("03") ? mdtrtCertNo : "";
    }

    /** The clinic visit's mdtrt_id; empty for a pharmacy purchase. */
    public Optional<String> mdtrtId() {
        return visit.map(VisitFees::mdtrtId);
    }
}
