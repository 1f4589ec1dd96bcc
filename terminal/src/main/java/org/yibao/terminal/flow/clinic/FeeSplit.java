package org.yibao.terminal.flow.clinic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import org.yibao.terminal.domain.catalog.ChargeLevel;
import org.yibao.terminal.domain.catalog.CodeMap;
import org.yibao.terminal.domain.settlement.LineSplit;
import org.yibao.terminal.domain.settlement.LineSplitter;
import org.yibao.terminal.domain.settlement.Outcome;
import org.yibao.terminal.domain.settlement.Purchase;
import org.yibao.terminal.domain.settlement.PurchaseLine;

/**
 * 2204's {@code result[]}: each uploaded line split by the settlement arithmetic's line rules
 * (they depend on the line, the catalogue, the 对照 map, the date and the insutype only - no
 * rule or person is needed yet), with the detlcutinfo field names.
 */
final class FeeSplit {
    private FeeSplit() {
    }

    static ArrayNode of(Purchase purchase, Catalog catalog, CodeMap codeMap, LocalDate date) {
        LineSplitter splitter = new LineSplitter(catalog, codeMap, date, purchase.insutype());
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (PurchaseLine line : purchase.lines()) {
            switch (splitter.split(line)) {
                case Outcome.Refused<LineSplit> r -> throw new RefusedException(r.refusal(), null);
                case Outcome.Ok<LineSplit> ok -> out.add(json(ok.value()));
            }
        }
        return out;
    }

    private static ObjectNode json(LineSplit l) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("feedetl_sn", l.line().feedetlSn());
        money(n, "det_item_fee_sumamt", l.line().amount());
        n.set("cnt", DecimalNode.valueOf(l.line().cnt()));
        n.set("pric", DecimalNode.valueOf(l.line().pric()));
        BigDecimal cap = l.entry().map(CatalogEntry::priceCap).orElse(null);
        n.set("pric_uplmt_amt", DecimalNode.valueOf(cap == null ? BigDecimal.ZERO.setScale(2) : cap));
        n.set("selfpay_prop", DecimalNode.valueOf(l.selfpayProp().scale() >= 4 ? l.selfpayProp() : l.selfpayProp().setScale(4)));
        money(n, "fulamt_ownpay_amt", l.fulamtOwnpay());
        money(n, "overlmt_amt", l.overlmt());
        money(n, "preselfpay_amt", l.preselfpay());
        money(n, "inscp_scp_amt", l.inscp());
        n.put("chrgitm_lv", l.entry().map(e -> e.level().code()).orElse(ChargeLevel.C.code()));
        n.put("med_chrgitm_type", l.entry().map(CatalogEntry::chrgitmType).orElse(""));
        n.put("lmt_used_flag", l.entry().map(e -> e.restrictedUse() ? "1" : "0").orElse("0"));
        n.put("term_med_list_codg", l.nationalCode());
        return n;
    }

    private static void money(ObjectNode n, String field, long fen) {
        n.set(field, DecimalNode.valueOf(BigDecimal.valueOf(fen, 2)));
    }
}
