package org.yibao.terminal.api.json;

import java.util.Objects;
import org.yibao.terminal.domain.settlement.Purchase;

/**
 * A parsed 2101/2102 request: the purchase for the domain plus the envelope and druginfo
 * fields echoed in the answer (msgid becomes medins_setl_id), and whether the POS asked for a
 * 全自费 settlement ({@code term_selfpay_only: "1"}).
 */
public record DrugRequest(String msgid, String insuplcAdmdvs, String mdtrtCertType, String mdtrtCertNo, String psnName,
                          String invono, boolean selfPayOnly, Purchase purchase) {
    public DrugRequest {
        msgid = Objects.requireNonNullElse(msgid, "");
        insuplcAdmdvs = Objects.requireNonNullElse(insuplcAdmdvs, "");
        mdtrtCertType = Objects.requireNonNullElse(mdtrtCertType, "");
        mdtrtCertNo = Objects.requireNonNullElse(mdtrtCertNo, "");
        psnName = Objects.requireNonNullElse(psnName, "");
        invono = Objects.requireNonNullElse(invono, "");
        Objects.requireNonNull(purchase, "purchase");
    }
}
