package org.yibao.terminal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.identity.voucher.VerifiedVoucher;
import org.yibao.terminal.privacy.Masking;

/** The one-line JSON answers of {@code terminal voucher verify}. */
final class VoucherCommandJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private VoucherCommandJson() {
    }

    static String valid(VerifiedVoucher v, boolean unmasked) {
        ObjectNode node = JSON.createObjectNode().put("valid", true)
                .put("ec_token", unmasked ? v.ecToken() : v.maskedEcToken())
                .put("psn_no", unmasked ? v.psnNo() : Masking.number(v.psnNo())).put("psn_name", v.maskedName())
                .put("psn_cert_type", v.psnCertType()).put("certno_tail", v.certnoTail())
                .put("insuplc_admdvs", v.insuplcAdmdvs()).put("insutype", v.insutype())
                .put("psn_type", v.psnType()).put("biz", v.biz())
                .put("iat", v.iat()).put("exp", v.exp()).put("kid", v.kid());
        return text(node);
    }

    static String refused(Refusal refusal) {
        return text(JSON.createObjectNode().put("valid", false)
                .put("term_errcode", refusal.reason().code()).put("err_msg", refusal.errMsg()));
    }

    static String text(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
