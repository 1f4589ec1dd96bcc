package org.yibao.terminal.store.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.receipt.Receipt;
import org.yibao.terminal.receipt.ReceiptLine;
import org.yibao.terminal.receipt.ReceiptTotals;

/** A {@link Receipt} to and from the JSON kept in the receipt table (money as fen integers). */
final class ReceiptCodec {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ReceiptCodec() {
    }

    static String write(Receipt r) {
        ObjectNode n = F.objectNode();
        n.put("kind", r.kind().name());
        n.put("offline", r.offline());
        n.put("institution_name", r.institutionName());
        n.put("institution_code", r.institutionCode());
        n.put("device_id", r.deviceId());
        n.put("operator_id", r.operatorId());
        n.put("settled_at", r.settledAt().toString());
        n.put("setl_id", r.setlId());
        n.put("original_setl_id", r.originalSetlId());
        n.put("psn_name", r.psnName());
        n.put("certno", r.certNo());
        n.put("card_no", r.cardNo());
        n.put("insutype", r.insutype());
        n.put("med_type", r.medType());
        if (r.fromRecord()) n.put("from_record", true);
        ArrayNode lines = n.putArray("lines");
        for (ReceiptLine l : r.lines()) {
            lines.addObject().put("name", l.name()).put("level", l.level().code())
                    .put("quantity", l.quantity().toPlainString()).put("amount", l.amountFen());
        }
        ReceiptTotals t = r.totals();
        ObjectNode totals = n.putObject("totals").put("medfee", t.medfeeSumamt()).put("hifp", t.hifpPay())
                .put("fund", t.fundPaySumamt()).put("acct", t.acctPay()).put("cash", t.psnCashPay());
        t.balance().ifPresent(b -> totals.put("balance", b)); // absent: not known
        return Json.write(n);
    }

    /** The kept receipt, marked {@code reprint} when asked. */
    static Receipt read(String json, boolean reprint) {
        JsonNode n = Json.parse(json, "receipt");
        List<ReceiptLine> lines = new ArrayList<>();
        for (JsonNode l : n.get("lines")) {
            lines.add(new ReceiptLine(l.get("name").asText(), level(l.get("level").asText()),
                    new BigDecimal(l.get("quantity").asText()), l.get("amount").asLong()));
        }
        JsonNode t = n.get("totals");
        return new Receipt(Receipt.Kind.valueOf(n.get("kind").asText()), n.get("offline").asBoolean(), reprint,
                n.get("institution_name").asText(), n.get("institution_code").asText(), n.get("device_id").asText(),
                n.get("operator_id").asText(), LocalDateTime.parse(n.get("settled_at").asText()),
                n.get("setl_id").asText(), n.get("original_setl_id").asText(), n.get("psn_name").asText(),
                n.get("certno").asText(), n.get("card_no").asText(), n.get("insutype").asText(),
                n.get("med_type").asText(), lines, new ReceiptTotals(t.get("medfee").asLong(), t.get("hifp").asLong(),
                        t.get("fund").asLong(), t.get("acct").asLong(), t.get("cash").asLong(), balance(t)),
                false, n.path("from_record").asBoolean(false));
    }

    private static ChargeLevel level(String code) {
        for (ChargeLevel l : ChargeLevel.values()) {
            if (l.code().equals(code)) return l;
        }
        return ChargeLevel.C;
    }

    /** The kept balance; a receipt kept without one (a balance not known when it was made) has none. */
    private static OptionalLong balance(JsonNode totals) {
        JsonNode b = totals.get("balance");
        return b == null || b.isNull() ? OptionalLong.empty() : OptionalLong.of(b.asLong());
    }
}
