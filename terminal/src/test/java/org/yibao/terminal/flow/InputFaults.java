package org.yibao.terminal.flow;

import static org.yibao.terminal.flow.RequestFault.get;
import static org.yibao.terminal.flow.RequestFault.put;
import static org.yibao.terminal.flow.RequestFault.remove;
import static org.yibao.terminal.flow.RequestFault.set;
import static org.yibao.terminal.flow.RequestFault.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.yibao.terminal.flow.ValidRequests.Valid;

/**
 * Faults of a transaction's input, from the contract's inputs of 2101/2102/2103, 2201, 2204,
 * 2206/2207/2208 and 3201 and its general rules: a required field absent or "", a value of the wrong
 * JSON type, an amount with more than 2 decimals (a price more than 6, a count more than 4, as
 * the terminal documents), a negative amount, price or count, a number out of range, a
 * feedetl_sn that is not 1..15 digits or is 0, a feedetl_sn twice, det_item_fee_sumamt ≠
 * round(pric × cnt), medfee_sumamt ≠ Σ lines, a date or time that is no real one, a code outside
 * its list, a visit, settlement or person other than the request's. The code each must get is the terminal's documented one (10xx for the form, 13xx for
 * the business checks).
 */
final class InputFaults {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> CODE_FIELDS = List.of("feedetl_sn", "det_item_fee_sumamt", "cnt", "pric");

    private final Valid valid;
    private final Random random;
    private final List<RequestFault> faults = new ArrayList<>();

    private InputFaults(Valid valid, Random random) {
        this.valid = valid;
        this.random = random;
    }

    /** The input faults of {@code valid}'s transaction; {@code random} picks the line and the other line. */
    static List<RequestFault> of(Valid valid, Random random) {
        InputFaults f = new InputFaults(valid, random);
        switch (valid.infno()) {
            case "2101", "2102" -> f.druginfo();
            case "2201" -> f.register();
            case "2204" -> f.feedetail();
            case "2206", "2207" -> f.settleData();
            case "3201" -> f.reconcile();
            case "2103", "2208" -> f.reversal();
            default -> throw new IllegalArgumentException(valid.infno());
        }
        if (!valid.linesPath().isEmpty()) f.lines();
        return f.faults;
    }

    private void druginfo() {
        String p = valid.infoPath();
        container(p);
        for (String field : List.of("psn_no", "insutype", "med_type", "acct_used_flag")) missing(p + "." + field);
        for (String field : List.of("psn_no", "insutype", "med_type", "psn_name", "dise_codg", "mdtrt_cert_no", "psn_type",
                "begntime", "invono", "mdtrt_cert_type", "acct_used_flag")) {
            wrongType(p + "." + field);
        }
        codes(p);
        times(p + ".begntime");
        amountFaults(p + ".medfee_sumamt");
        faults.add(tree("medfee_sumamt 0.01 more than the lines", "1308", "medfee_sumamt",
                e -> put(e, p + ".medfee_sumamt", plusOneFen(get(e, p + ".medfee_sumamt")))));
    }

    private void register() {
        String p = valid.infoPath();
        container(p);
        for (String field : List.of("psn_no", "insutype")) missing(p + "." + field);
        for (String field : List.of("psn_no", "insutype", "ipt_otp_no", "begntime", "mdtrt_cert_type")) wrongType(p + "." + field);
        faults.add(set(p + ".mdtrt_cert_type 04", "1028", p + ".mdtrt_cert_type", TextNode.valueOf("04")));
        faults.add(set(p + ".insutype 390 (not the person's)", "1307", p + ".insutype", TextNode.valueOf("390")).mentioning("390"));
        times(p + ".begntime");
    }

    private void feedetail() {
        String first = valid.linesPath() + "[0]";
        String line = valid.linesPath() + "[" + random.nextInt(valid.lineCount()) + "]";
        missing(first + ".mdtrt_id");
        wrongType(first + ".mdtrt_id");
        wrongType(first + ".med_type");
        wrongType(line + ".psn_no");
        faults.add(set(first + ".mdtrt_id unknown", "1365", first + ".mdtrt_id", TextNode.valueOf(FlowRig.DEVICE + "-M99999999"))
                .mentioning("mdtrt_id"));
        if (valid.lineCount() > 1) {
            String other = valid.linesPath() + "[" + (1 + random.nextInt(valid.lineCount() - 1)) + "]";
            faults.add(set(other + ".mdtrt_id of another visit", "1367", other + ".mdtrt_id",
                    TextNode.valueOf(FlowRig.DEVICE + "-M99999999")));
        }
        faults.add(set(line + ".psn_no of someone else", "1367", line + ".psn_no", TextNode.valueOf("37150000000000000099")));
        for (JsonNode uploaded : List.of(TextNode.valueOf("900"), TextNode.valueOf("0900"), NODES.numberNode(900))) {
            faults.add(set(line + ".feedetl_sn " + uploaded + " already uploaded to the visit", "1026", line + ".feedetl_sn",
                    uploaded));
        }
    }

    private void settleData() {
        String p = valid.infoPath();
        container(p);
        for (String field : List.of("mdtrt_id", "psn_no", "med_type")) missing(p + "." + field);
        for (String field : List.of("mdtrt_id", "psn_no", "med_type", "insutype", "acct_used_flag", "dise_codg",
                "mdtrt_cert_no", "mdtrt_cert_type", "term_selfpay_only")) {
            wrongType(p + "." + field);
        }
        if (valid.infno().equals("2207")) wrongType(p + ".invono");
        codes(p);
        faults.add(set(p + ".mdtrt_id unknown", "1365", p + ".mdtrt_id", TextNode.valueOf(FlowRig.DEVICE + "-M99999999"))
                .mentioning("mdtrt_id"));
        faults.add(set(p + ".psn_no of someone else", "1367", p + ".psn_no", TextNode.valueOf("37150000000000000099"))
                .mentioning("psn_no"));
        faults.add(set(p + ".med_type 41", "1369", p + ".med_type", TextNode.valueOf("41")).mentioning("med_type"));
        faults.add(set(p + ".insutype 390 (not the visit's)", "1367", p + ".insutype", TextNode.valueOf("390"))
                .mentioning("insutype"));
        amountFaults(p + ".medfee_sumamt");
        faults.add(tree("medfee_sumamt 0.01 more than the lines", "1308", "medfee_sumamt",
                e -> put(e, p + ".medfee_sumamt", plusOneFen(get(e, p + ".medfee_sumamt")))));
        if (valid.infno().equals("2207")) {
            for (String part : List.of("fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt")) {
                amountFaults(p + "." + part);
            }
            faults.add(set(p + ".inscp_scp_amt not the split", "1313", p + ".inscp_scp_amt", TextNode.valueOf("99999.99"))
                    .mentioning("inscp_scp_amt"));
        }
    }

    private void reversal() {
        String p = valid.infoPath();
        container(p);
        for (String field : List.of("setl_id", "mdtrt_id", "psn_no")) {
            missing(p + "." + field);
            wrongType(p + "." + field);
        }
        faults.add(set(p + ".setl_id unknown", "1360", p + ".setl_id", TextNode.valueOf(FlowRig.DEVICE + "-S99999999"))
                .mentioning("setl_id"));
        faults.add(set(p + ".mdtrt_id of another visit", "1362", p + ".mdtrt_id", TextNode.valueOf(FlowRig.DEVICE + "-M99999999"))
                .mentioning("mdtrt_id"));
        faults.add(set(p + ".psn_no of someone else", "1362", p + ".psn_no", TextNode.valueOf("37150000000000000099"))
                .mentioning("psn_no"));
    }

    private void reconcile() {
        String p = valid.infoPath();
        container(p);
        for (String field : List.of("stmt_begndate", "stmt_enddate")) {
            missing(p + "." + field);
            wrongType(p + "." + field);
            for (String date : List.of("2027-13-01", "2027-02-29", "2027/01/15", "15.01.2027", "20270115")) {
                faults.add(set(p + "." + field + " " + date, "1027", p + "." + field, TextNode.valueOf(date)));
            }
        }
        faults.add(set(p + ".stmt_enddate before stmt_begndate", "1375", p + ".stmt_enddate", TextNode.valueOf("2027-01-14"))
                .mentioning("stmt_enddate"));
        for (String field : List.of("medfee_sumamt", "fund_pay_sumamt", "acct_pay")) {
            faults.add(set(p + "." + field + " 3 decimals", "1023", p + "." + field, TextNode.valueOf("12.345")));
            faults.add(set(p + "." + field + " not a number", "1022", p + "." + field, TextNode.valueOf("十二元")));
            faults.add(set(p + "." + field + " 1E+30", "1030", p + "." + field, NODES.numberNode(new BigDecimal("1E+30"))));
            wrongType(p + "." + field);
        }
        String cnt = p + ".fixmedins_setl_cnt";
        faults.add(set(cnt + " negative", "1024", cnt, NODES.numberNode(-1)));
        faults.add(set(cnt + " a fraction", "1022", cnt, TextNode.valueOf("1.5")));
        faults.add(set(cnt + " not a number", "1022", cnt, TextNode.valueOf("three")));
        faults.add(set(cnt + " too large", "1030", cnt, NODES.numberNode(1_000_000_000_000L)));
        for (String[] bad : new String[][] {{"clr_type", "12"}, {"refd_setl_flag", "2"}, {"insutype", "31"}, {"insutype", "三一零"}}) {
            faults.add(set(p + "." + bad[0] + " " + bad[1], "1028", p + "." + bad[0], TextNode.valueOf(bad[1])));
        }
        wrongType(p + ".setl_optins");
        wrongType(p + ".clr_type");
    }

    /** The object that holds the person's fields: absent, null, or not an object. */
    private void container(String p) {
        faults.add(remove(p + " absent", "1021", p));
        faults.add(set(p + " null", "1021", p, NODES.nullNode()));
        faults.add(set(p + " an array", "1022", p, NODES.arrayNode().add(NODES.objectNode())));
        faults.add(set(p + " a string", "1022", p, TextNode.valueOf("{}")));
    }

    private void missing(String path) {
        faults.add(remove(path + " absent", "1021", path));
        faults.add(set(path + " \"\"", "1021", path, TextNode.valueOf("")));
        faults.add(set(path + " null", "1021", path, NODES.nullNode()));
    }

    /** A field that holds text (or a code, or a number) sent as an object, an array or a boolean. */
    private void wrongType(String path) {
        faults.add(set(path + " an object", "1022", path, NODES.objectNode().put("value", "1")));
        faults.add(set(path + " an array", "1022", path, NODES.arrayNode().add("1")));
        faults.add(set(path + " a boolean", "1022", path, NODES.booleanNode(true)));
    }

    /** The coded fields of a settlement: acct_used_flag 0/1, mdtrt_cert_type 01/02/03, term_selfpay_only 0/1. */
    private void codes(String p) {
        for (String flag : List.of("2", "Y", "true", "01")) {
            faults.add(set(p + ".acct_used_flag " + flag, "1028", p + ".acct_used_flag", TextNode.valueOf(flag)));
        }
        faults.add(set(p + ".acct_used_flag the number 2", "1028", p + ".acct_used_flag", NODES.numberNode(2)));
        for (String type : List.of("04", "2", "身份证", "99")) {
            faults.add(set(p + ".mdtrt_cert_type " + type, "1028", p + ".mdtrt_cert_type", TextNode.valueOf(type)));
        }
        for (String flag : List.of("yes", "2")) {
            faults.add(set(p + ".term_selfpay_only " + flag, "1028", p + ".term_selfpay_only", TextNode.valueOf(flag)));
        }
    }

    private void times(String path) {
        for (String time : List.of("2027-02-30 09:00:00", "2027-01-15", "2027-01-15 9:00:00", "yesterday", "2027-01-15 24:00:00")) {
            faults.add(set(path + " " + time, "1027", path, TextNode.valueOf(time)));
        }
    }

    /** An amount (yuan, at most 2 decimals, not negative, within range) written wrong. */
    private void amountFaults(String path) {
        faults.add(set(path + " 3 decimals", "1023", path, TextNode.valueOf("1.001")));
        faults.add(set(path + " 3 decimals as a number", "1023", path, NODES.numberNode(new BigDecimal("0.005"))));
        faults.add(set(path + " negative", "1024", path, TextNode.valueOf("-1.00")));
        faults.add(set(path + " negative as a number", "1024", path, NODES.numberNode(new BigDecimal("-0.01"))));
        for (String text : List.of("abc", "NaN", "Infinity", "1e2", "12,34", "¥1.00", "0x10", "1.2.3")) {
            faults.add(set(path + " '" + text + "'", "1022", path, TextNode.valueOf(text)));
        }
        faults.add(set(path + " a boolean", "1022", path, NODES.booleanNode(false)));
        faults.add(set(path + " an object", "1022", path, NODES.objectNode()));
        faults.add(set(path + " 100000000000.00", "1030", path, TextNode.valueOf("100000000000.00")));
        faults.add(set(path + " 1E+400", "1030", path, NODES.numberNode(new BigDecimal("1E+400"))));
    }

    private void lines() {
        String lp = valid.linesPath();
        int i = random.nextInt(valid.lineCount());
        String line = lp + "[" + i + "]";
        faults.add(remove(lp + " absent", "1021", lp));
        faults.add(set(lp + " empty", "1021", lp, NODES.arrayNode()));
        faults.add(set(lp + " an object", "1022", lp, NODES.objectNode()));
        faults.add(set(line + " a string", "1022", line, TextNode.valueOf("line")));
        faults.add(set(line + " null", "1022", line, NODES.nullNode()));
        for (String field : CODE_FIELDS) faults.add(remove(line + "." + field + " absent", "1021", line + "." + field));
        faults.add(set(line + ".feedetl_sn \"\"", "1021", line + ".feedetl_sn", TextNode.valueOf("")));
        serials(line);
        duplicates(i);
        amountFaults(line + ".det_item_fee_sumamt");
        for (String field : List.of("cnt", "pric")) {
            faults.add(set(line + "." + field + " negative", "1024", line + "." + field, TextNode.valueOf("-1")));
            faults.add(set(line + "." + field + " not a number", "1022", line + "." + field, TextNode.valueOf("two")));
            faults.add(set(line + "." + field + " 1E+25", "1030", line + "." + field, NODES.numberNode(new BigDecimal("1E+25"))));
            faults.add(set(line + "." + field + " 100000000000000", "1030", line + "." + field, TextNode.valueOf("100000000000000")));
        }
        faults.add(set(line + ".pric 7 decimals", "1023", line + ".pric", TextNode.valueOf("1.0000001")));
        faults.add(set(line + ".cnt 5 decimals", "1023", line + ".cnt", NODES.numberNode(new BigDecimal("1.00001"))));
        for (String field : List.of("med_list_codg", "medins_list_codg", "fee_ocur_time", "cnt", "pric")) wrongType(line + "." + field);
        times(line + ".fee_ocur_time");
        faults.add(tree(line + ".det_item_fee_sumamt 0.01 more than round(pric × cnt)", "1306", "det_item_fee_sumamt", e -> {
            put(e, line + ".det_item_fee_sumamt", plusOneFen(get(e, line + ".det_item_fee_sumamt")));
            if (valid.infoPath().endsWith("druginfo")) {
                put(e, valid.infoPath() + ".medfee_sumamt", plusOneFen(get(e, valid.infoPath() + ".medfee_sumamt")));
            }
        }));
        faults.add(tree(line + " pric × cnt beyond any amount", "1311", "pric×cnt", e -> {
            put(e, line + ".pric", TextNode.valueOf("99999.99"));
            put(e, line + ".cnt", TextNode.valueOf("99999999"));
        }));
    }

    private void serials(String line) {
        String path = line + ".feedetl_sn";
        for (String sn : List.of("0", "000", "1234567890123456", "0000000000000001", "1a", "-1", "+1", "1.0", "１", "1 2", "一")) {
            faults.add(set(path + " '" + sn + "'", "1025", path, TextNode.valueOf(sn)));
        }
        faults.add(set(path + " the number 0", "1025", path, NODES.numberNode(0)));
        faults.add(set(path + " the number -3", "1025", path, NODES.numberNode(-3)));
        faults.add(set(path + " the number 1234567890123456", "1025", path, NODES.numberNode(1_234_567_890_123_456L)));
        faults.add(set(path + " a fraction", "1022", path, NODES.numberNode(new BigDecimal("1.5"))));
        wrongType(path);
    }

    /** Line {@code i}'s feedetl_sn again on another line (or on a copy of it), as sent or with leading zeros. */
    private void duplicates(int i) {
        String lp = valid.linesPath();
        String source = lp + "[" + i + "].feedetl_sn";
        if (valid.lineCount() == 1) {
            String copy = lp + "[1].feedetl_sn";
            faults.add(tree(lp + "[0] twice", "1026", copy, e -> ((ArrayNode) get(e, lp)).add(get(e, lp + "[0]").deepCopy())));
            return;
        }
        int j = (i + 1 + random.nextInt(valid.lineCount() - 1)) % valid.lineCount();
        String target = lp + "[" + j + "].feedetl_sn";
        String later = lp + "[" + Math.max(i, j) + "].feedetl_sn";
        faults.add(tree(target + " = " + source, "1026", later, e -> put(e, target, get(e, source).deepCopy())));
        faults.add(tree(target + " = " + source + " with a leading zero", "1026", later,
                e -> put(e, target, TextNode.valueOf("0" + get(e, source).asText()))));
    }

    /** {@code amount} (a number, a string, or "" for 0) 0.01 higher, written the same way. */
    private static JsonNode plusOneFen(JsonNode amount) {
        String text = amount.asText().strip();
        BigDecimal more = (text.isEmpty() ? BigDecimal.ZERO : new BigDecimal(text)).add(new BigDecimal("0.01"));
        return amount.isNumber() ? NODES.numberNode(more) : TextNode.valueOf(more.toPlainString());
    }
}
