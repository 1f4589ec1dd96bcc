package org.yibao.terminal.api.envelope;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One parsed request envelope (spec/national-interface.md, "Envelope"). Every field has been
 * checked by {@link EnvelopeParser}: required ones are present, strings are strings, msgid and
 * inf_time are well formed. Optional text fields absent from the request are {@code ""}.
 * {@code input} is the business payload, left for the transaction's handler to read.
 */
public record RequestEnvelope(
        String infno,
        Msgid msgid,
        String mdtrtareaAdmvs,
        String insuplcAdmdvs,
        String recerSysCode,
        String devNo,
        String devSafeInfo,
        String cainfo,
        String signtype,
        String infver,
        OpterType opterType,
        String opter,
        String opterName,
        LocalDateTime infTime,
        String fixmedinsCode,
        String fixmedinsName,
        String signNo,
        ObjectNode input) {

    public RequestEnvelope {
        Objects.requireNonNull(infno, "infno");
        Objects.requireNonNull(msgid, "msgid");
        Objects.requireNonNull(opterType, "opterType");
        Objects.requireNonNull(opter, "opter");
        Objects.requireNonNull(infTime, "infTime");
        Objects.requireNonNull(fixmedinsCode, "fixmedinsCode");
        Objects.requireNonNull(input, "input");
    }
}
