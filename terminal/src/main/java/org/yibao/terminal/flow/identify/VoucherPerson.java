package org.yibao.terminal.flow.identify;

import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.yibao.terminal.identity.voucher.VerifiedVoucher;

/**
 * The person as a verified 医保电子凭证 describes them, for when the centre cannot be asked and
 * the terminal has never seen them (spec evoucher-and-card.md §1: insutype and psn_type "used
 * only when no cached person"): in 1101-output form, with the scheme and person type at issue,
 * no balance ({@code balc} 0.00, and none cached, so an offline account payment stays refused
 * where the policy requires a cached balance), no year-to-date accumulators and
 * {@code term_source} "voucher". The name is the voucher's, masked by the platform; the voucher
 * carries only the last four characters of the ID number, so {@code certno} is empty and those
 * four are kept as {@code term_certno_tail} (an ID number sent later as the credential must end
 * with them, see {@code CredentialCheck}). Unknown
 * values follow the interface's general rule: an empty number ({@code age}) is 0, an empty text "".
 */
public final class VoucherPerson {
    static final String SOURCE = "voucher";
    /** The top-level field of the voucher's last four characters of the ID number. */
    public static final String CERTNO_TAIL = "term_certno_tail";

    private VoucherPerson() {
    }

    static ObjectNode output(VerifiedVoucher v) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putObject("baseinfo").put("psn_no", v.psnNo()).put("psn_cert_type", v.psnCertType()).put("certno", "")
                .put("psn_name", v.maskedName()).put("gend", "").put("naty", "").put("brdy", "").put("age", 0);
        out.putArray("insuinfo").addObject().<ObjectNode>set("balc", DecimalNode.valueOf(BigDecimal.valueOf(0, 2)))
                .put("insutype", v.insutype()).put("psn_type", v.psnType())
                .put("psn_insu_stas", "").put("psn_insu_date", "").put("paus_insu_date", "").put("cvlserv_flag", "")
                .put("insuplc_admdvs", v.insuplcAdmdvs()).put("emp_name", "");
        out.putArray("idetinfo");
        out.putArray("term_accuinfo");
        out.putArray("term_opspinfo");
        out.put("term_source", SOURCE);
        out.put(CERTNO_TAIL, v.certnoTail());
        return out;
    }
}
