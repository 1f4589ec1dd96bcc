package org.yibao.terminal.flow;

import static org.yibao.terminal.flow.RequestFault.bytes;
import static org.yibao.terminal.flow.RequestFault.remove;
import static org.yibao.terminal.flow.RequestFault.set;
import static org.yibao.terminal.flow.RequestFault.tree;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Faults of the envelope and of the body as bytes, from the contract's "Envelope" table and the
 * API's promises (one UTF-8 JSON object; msgid 30 characters fixmedins_code(12) +
 * yyyyMMddHHmmss(14) + seq(4); inf_time yyyy-MM-dd HH:mm:ss; opter_type 1, 2 or 3; a request
 * for this institution, by a signed-in operator). They apply to any transaction.
 */
final class EnvelopeFaults {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> REQUIRED = List.of("infno", "msgid", "opter_type", "opter", "inf_time", "fixmedins_code",
            "input");
    private static final String OTHER_INSTITUTION = "P43010299999";

    private EnvelopeFaults() {
    }

    /** Every envelope and body fault; {@code random} picks where a body is cut. */
    static List<RequestFault> all(Random random) {
        List<RequestFault> faults = new ArrayList<>();
        for (String field : REQUIRED) {
            faults.add(remove("envelope: " + field + " absent", "1003", field));
            faults.add(set("envelope: " + field + " null", "1003", field, NODES.nullNode()));
            if (!field.equals("input")) faults.add(set("envelope: " + field + " \"\"", "1003", field, TextNode.valueOf("")));
        }
        wrongTypes(faults);
        msgids(faults);
        for (String time : List.of("2027-01-15T09:00:00", "2027-02-30 09:00:00", "2027-01-15 24:00:00", "2027/01/15 09:00:00",
                "2027-01-15", "20270115090000")) {
            faults.add(set("envelope: inf_time " + time, "1006", "inf_time", TextNode.valueOf(time)));
        }
        for (String infno : List.of("2105", "9999", "1102", "term_nothing")) {
            faults.add(set("envelope: infno " + infno, "1011", "infno", TextNode.valueOf(infno)).mentioning(infno));
        }
        for (String infno : List.of("21.01", "2101 ", "二一零一")) {
            faults.add(set("envelope: infno '" + infno + "'", "1006", "infno", TextNode.valueOf(infno)));
        }
        for (String type : List.of("0", "4", "12", "自助")) {
            faults.add(set("envelope: opter_type " + type, "1006", "opter_type", TextNode.valueOf(type)));
        }
        faults.add(set("envelope: fixmedins_code of 5 characters", "1006", "fixmedins_code", TextNode.valueOf("P4301")));
        faults.add(tree("envelope: another institution", "1016", "fixmedins_code", envelope -> envelope
                .put("fixmedins_code", OTHER_INSTITUTION)
                .put("msgid", OTHER_INSTITUTION + envelope.get("msgid").asText().substring(12))));
        faults.add(remove("envelope: sign_no absent", "1605", "sign_no"));
        faults.add(tree("envelope: sign_no unknown", "1605", "", e -> e.put("sign_no", "S" + "0".repeat(31))));
        faults.add(set("envelope: opter not the signed-in one", "1608", "opter", TextNode.valueOf("X9999")));
        bodies(faults, random);
        return faults;
    }

    private static void wrongTypes(List<RequestFault> faults) {
        faults.add(set("envelope: msgid a number", "1004", "msgid", NODES.numberNode(new BigDecimal("430102000012027011509000"))));
        faults.add(set("envelope: opter a boolean", "1004", "opter", NODES.booleanNode(true)));
        faults.add(set("envelope: inf_time a number", "1004", "inf_time", NODES.numberNode(20270115090000L)));
        faults.add(set("envelope: fixmedins_code an object", "1004", "fixmedins_code", NODES.objectNode()));
        faults.add(set("envelope: input an array", "1004", "input", NODES.arrayNode()));
        faults.add(set("envelope: input a string", "1004", "input", TextNode.valueOf("{}")));
        faults.add(set("envelope: infno a fraction", "1004", "infno", NODES.numberNode(new BigDecimal("2101.5"))));
        faults.add(set("envelope: infno a boolean", "1004", "infno", NODES.booleanNode(false)));
        faults.add(set("envelope: opter_type an array", "1004", "opter_type", NODES.arrayNode().add("1")));
        faults.add(set("envelope: sign_no a number", "1004", "sign_no", NODES.numberNode(7)));
        faults.add(set("envelope: mdtrtarea_admvs an object", "1004", "mdtrtarea_admvs", NODES.objectNode()));
        faults.add(set("envelope: opter_name an array", "1004", "opter_name", NODES.arrayNode()));
        faults.add(set("envelope: infver a number", "1004", "infver", NODES.numberNode(new BigDecimal("1.0"))));
    }

    private static void msgids(List<RequestFault> faults) {
        faults.add(msgid("29 characters", m -> m.substring(0, 29)));
        faults.add(msgid("31 characters", m -> m + "1"));
        faults.add(msgid("a letter in its time", m -> m.substring(0, 20) + "X" + m.substring(21)));
        faults.add(msgid("month 13", m -> m.substring(0, 16) + "13" + m.substring(18)));
        faults.add(msgid("hour 25", m -> m.substring(0, 20) + "25" + m.substring(22)));
        faults.add(msgid("a letter in its sequence", m -> m.substring(0, 29) + "A"));
        faults.add(msgid("another institution's prefix", m -> OTHER_INSTITUTION + m.substring(12)));
        faults.add(msgid("a Chinese character", m -> m.substring(0, 29) + "号"));
    }

    private static RequestFault msgid(String what, java.util.function.UnaryOperator<String> change) {
        return tree("envelope: msgid " + what, "1005", "msgid", e -> e.put("msgid", change.apply(e.get("msgid").asText())));
    }

    private static void bodies(List<RequestFault> faults, Random random) {
        faults.add(new RequestFault("body: empty", "1001", "", e -> new byte[0]));
        faults.add(new RequestFault("body: truncated", "1001", "", e -> {
            String text = e.toString();
            return bytes(text.substring(0, 1 + random.nextInt(text.length() - 1)));
        }));
        faults.add(new RequestFault("body: a second object after it", "1001", "", e -> bytes(e + "{}")));
        faults.add(new RequestFault("body: text after it", "1001", "", e -> bytes(e + " x")));
        faults.add(new RequestFault("body: infno twice", "1001", "infno", e -> bytes("{\"infno\":\"2101\"," + e.toString().substring(1))));
        faults.add(new RequestFault("body: an array of the envelope", "1002", "数组", e -> bytes("[" + e + "]")));
        faults.add(new RequestFault("body: a string", "1002", "字符串", e -> bytes("\"2101\"")));
        faults.add(new RequestFault("body: a number", "1002", "数字", e -> bytes("2101")));
        faults.add(new RequestFault("body: null", "1002", "", e -> bytes("null")));
        faults.add(new RequestFault("body: single quotes", "1001", "", e -> bytes(e.toString().replace('"', '\''))));
        faults.add(new RequestFault("body: a byte that is not UTF-8", "1007", "", EnvelopeFaults::notUtf8));
        faults.add(new RequestFault("body: NaN as a value", "1001", "", e -> bytes(e.toString().replace("\"infver\":\"1.0.0\"",
                "\"infver\":NaN"))));
        faults.add(new RequestFault("body: a number of 1200 digits", "1001", "数字", e -> bytes(e.toString().replace(
                "\"infver\":\"1.0.0\"", "\"term_x\":1" + "0".repeat(1200)))));
        faults.add(new RequestFault("body: nested 100 deep", "1001", "嵌套", e -> bytes(e.toString().replace(
                "\"infver\":\"1.0.0\"", "\"term_x\":" + "[".repeat(100) + "]".repeat(100)))));
    }

    /** The envelope's bytes with opter_name's text replaced by a lone 0xFF. */
    private static byte[] notUtf8(ObjectNode envelope) {
        ObjectNode copy = envelope.deepCopy().put("opter_name", "@@");
        String[] parts = copy.toString().split("@@", 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(parts[0].getBytes(StandardCharsets.UTF_8));
        out.write(0xFF);
        out.writeBytes(parts[1].getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
