package org.yibao.terminal.flow.settle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.yibao.terminal.api.json.Json;

/**
 * The 2103/2208 output made from the stored 2102/2207 output: {@code setlinfo} and
 * {@code setldetail[]} with every amount negated. What is not an amount keeps its sign: the
 * ratio pool_prop_selfpay, and setldetail's crt_payb_lmt_amt, a limit the spec defines as
 * max(0, annual_cap - fund_paid), which a reversal cannot make negative (the settlement's own
 * figure is kept). Pure.
 */
final class ReversedOutput {
    private static final Set<String> NOT_AMOUNTS = Set.of("pool_prop_selfpay", "crt_payb_lmt_amt");

    private ReversedOutput() {
    }

    static ObjectNode of(String storedOutputJson) {
        JsonNode stored = Json.parse(storedOutputJson, "原结算");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("setlinfo", negated((ObjectNode) stored.get("setlinfo").deepCopy()));
        ArrayNode details = out.putArray("setldetail");
        for (JsonNode d : stored.path("setldetail")) details.add(negated((ObjectNode) d.deepCopy()));
        return out;
    }

    private static ObjectNode negated(ObjectNode n) {
        Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isNumber() && !NOT_AMOUNTS.contains(f.getKey())) {
                f.setValue(DecimalNode.valueOf(f.getValue().decimalValue().negate()));
            }
        }
        return n;
    }
}
