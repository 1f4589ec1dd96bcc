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
 * {@code setldetail[]} with every amount negated (ratios such as pool_prop_selfpay keep their
 * sign), the same way {@link org.yibao.terminal.api.json.SettlementJsonWriter} negates. Pure.
 */
final class ReversedOutput {
    private static final Set<String> RATIOS = Set.of("pool_prop_selfpay");

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
            if (f.getValue().isNumber() && !RATIOS.contains(f.getKey())) {
                f.setValue(DecimalNode.valueOf(f.getValue().decimalValue().negate()));
            }
        }
        return n;
    }
}
