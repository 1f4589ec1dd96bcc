package org.yibao.terminal.flow.clinic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.LocalDate;
import org.yibao.terminal.api.json.SettlementJsonWriter;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.catalog.Catalog;
import org.yibao.terminal.domain.catalog.CodeMap;
import org.yibao.terminal.domain.settlement.LineSplit;
import org.yibao.terminal.domain.settlement.LineSplitter;
import org.yibao.terminal.domain.settlement.Outcome;
import org.yibao.terminal.domain.settlement.Purchase;
import org.yibao.terminal.domain.settlement.PurchaseLine;

/**
 * 2204's {@code result[]}: each uploaded line split by the settlement arithmetic's line rules
 * (they depend on the line, the catalogue, the 对照 map, the date and the insutype only - no
 * rule or person is needed yet), each row written as the line's detlcutinfo row (spec: "result[]
 * with the same per-line split fields as detlcutinfo").
 */
final class FeeSplit {
    /** detlcutinfo's own row writer, so that each result row is the line's detlcutinfo row. */
    private static final SettlementJsonWriter ROW = new SettlementJsonWriter(SettlementJsonWriter.Options.API);

    private FeeSplit() {
    }

    static ArrayNode of(Purchase purchase, Catalog catalog, CodeMap codeMap, LocalDate date) {
        LineSplitter splitter = new LineSplitter(catalog, codeMap, date, purchase.insutype());
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (PurchaseLine line : purchase.lines()) {
            switch (splitter.split(line)) {
                case Outcome.Refused<LineSplit> r -> throw new RefusedException(r.refusal(), null);
                case Outcome.Ok<LineSplit> ok -> out.add(ROW.line(ok.value()));
            }
        }
        return out;
    }
}
