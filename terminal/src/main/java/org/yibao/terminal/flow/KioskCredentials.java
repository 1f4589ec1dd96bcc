package org.yibao.terminal.flow;

import java.util.Optional;
import org.yibao.terminal.api.envelope.OpterType;
import org.yibao.terminal.domain.Refusal;

/** A kiosk (opter_type 2) works on a 社会保障卡 (03) or a 医保电子凭证 (01) only, never on a typed ID number. */
public final class KioskCredentials {
    private KioskCredentials() {
    }

    /** The 1370 refusal when a kiosk request names another credential type (or none); empty otherwise. */
    public static Optional<Refusal> problem(OpterType opterType, String mdtrtCertType) {
        if (opterType != OpterType.KIOSK || mdtrtCertType.equals("01") || mdtrtCertType.equals("03")) return Optional.empty();
        return Optional.of(new Refusal(FlowReason.KIOSK_ID_NUMBER,
                "mdtrt_cert_type " + (mdtrtCertType.isEmpty() ? "未填" : mdtrtCertType)));
    }
}
