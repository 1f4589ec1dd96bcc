package org.yibao.terminal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;
import org.yibao.terminal.domain.settlement.Fixtures;

/**
 * Valid requests of the employee ({@link FlowRig#employee()}) as a host may write them under the
 * contract (spec/national-interface.md, "General rules"): amounts, prices and counts as JSON
 * numbers or as strings, a line whose numbers are all "" (an empty number is 0), feedetl_sn as
 * digits with or without leading zeros or as a whole JSON number, optional fields "" or null.
 * Each builder runs on the rig whatever the transaction needs first (a 2201 for a 2204; a 2201
 * and a 2204 for a 2206 / 2207; a 2102 for a 2103; a 2201, 2204 and 2207 for a 2208) and hands
 * back the request, which must then succeed.
 */
final class ValidRequests {
    static final List<String> INFNOS = List.of("2101", "2102", "2103", "2201", "2204", "2206", "2207", "2208", "3201");
    /** Small prices and counts: a run's settlements stay below the offline day limit of the example policy. */
    private static final String[] PRICES = {"0.01", "0.33", "1.99", "2.50", "3.333", "4.10", "0.125"};
    private static final String[] COUNTS = {"1", "2", "3", "0.5", "1.5", "0.25"};
    /** The codes a line may carry: national codes of each class, and a local code the 对照 maps. */
    private static final int CODES = 4;

    /** A line: an index into the codes, prices and counts; {@code empty}: its three numbers are "" (0). */
    record LineSpec(int code, int pric, int cnt, boolean empty) {
    }

    /**
     * A valid request: its infno and input, where its person's fields are ({@code infoPath},
     * "" when the transaction has none) and its lines ({@code linesPath}, "" when it sends none),
     * with {@code lineCount} lines.
     */
    record Valid(String infno, ObjectNode input, String infoPath, String linesPath, int lineCount) {
    }

    private final FlowRig rig;
    private final Random style;

    /** Requests for {@code rig}, written in the styles {@code style} picks. */
    ValidRequests(FlowRig rig, Random style) {
        this.rig = rig;
        this.style = style;
    }

    /** How many codes, prices and counts a {@link LineSpec} indexes. */
    static int codes() {
        return CODES;
    }

    static int prices() {
        return PRICES.length;
    }

    static int counts() {
        return COUNTS.length;
    }

    Valid of(String infno, List<LineSpec> lines) throws Exception {
        return switch (infno) {
            case "2101", "2102" -> purchase(infno, lines);
            case "2201" -> new Valid(infno, register(), "input.data", "", 0);
            case "2204" -> fees(lines);
            case "2206", "2207" -> settle(infno, lines);
            case "3201" -> new Valid(infno, reconcile(), "input.data", "", 0);
            case "2103", "2208" -> reverse(infno, lines);
            default -> throw new IllegalArgumentException(infno);
        };
    }

    private Valid purchase(String infno, List<LineSpec> specs) {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        ObjectNode info = input.putObject("druginfo").put("psn_no", FlowRig.PSN).put("insutype", "310").put("med_type", "41")
                .put("acct_used_flag", style.nextBoolean() ? "1" : "0").put("psn_name", "张三");
        credential(info);
        info.put("begntime", style.nextBoolean() ? "2027-01-15 08:59:00" : "");
        if (infno.equals("2102")) info.put("invono", style.nextBoolean() ? "INV-" + style.nextInt(1000) : "");
        ArrayNode lines = input.putArray("drugdetail");
        long total = addLines(lines, specs, 1, null);
        info.set("medfee_sumamt", amount(total));
        return new Valid(infno, input, "input.druginfo", "input.drugdetail", specs.size());
    }

    private ObjectNode register() {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        ObjectNode data = input.putObject("data").put("psn_no", FlowRig.PSN).put("insutype", "310")
                .put("ipt_otp_no", "OP-" + style.nextInt(10_000)).put("begntime", style.nextBoolean() ? "2027-01-15 09:00:00" : "");
        credential(data);
        if (style.nextBoolean()) data.putNull("dept_code");
        return input;
    }

    /** A visit registered now, with one line (feedetl_sn 900) already uploaded; the request uploads {@code specs}. */
    private Valid fees(List<LineSpec> specs) throws Exception {
        String mdtrtId = registered();
        upload(mdtrtId, List.of(new LineSpec(0, 1, 0, false)), 900);
        ObjectNode input = FlowRig.JSON.createObjectNode();
        addLines(input.putArray("feedetail"), specs, 1, mdtrtId);
        return new Valid("2204", input, "", "input.feedetail", specs.size());
    }

    /** A visit registered now with {@code specs} uploaded; the request settles it (2206 / 2207). */
    private Valid settle(String infno, List<LineSpec> specs) throws Exception {
        String mdtrtId = registered();
        long total = upload(mdtrtId, specs, 1);
        ObjectNode input = FlowRig.JSON.createObjectNode();
        ObjectNode data = input.putObject("data").put("psn_no", FlowRig.PSN).put("mdtrt_id", mdtrtId).put("med_type", "14")
                .put("dise_codg", "M03900").put("insutype", "310").put("acct_used_flag", style.nextBoolean() ? "1" : "0")
                .put("psn_setlway", "01").put("chrg_bchno", "B" + style.nextInt(1000));
        data.set("medfee_sumamt", amount(total));
        credential(data);
        if (infno.equals("2207")) data.put("invono", "INV-" + style.nextInt(1000));
        return new Valid(infno, input, "input.data", "", 0);
    }

    /** A settlement made now (2102, or 2207 of a visit) with {@code specs}; the request reverses it. */
    private Valid reverse(String infno, List<LineSpec> specs) throws Exception {
        Valid settle = infno.equals("2103") ? purchase("2102", specs) : settle("2207", specs);
        JsonNode settled = rig.call(settle.infno(), settle.input());
        assertEquals(0, settled.path("infcode").asInt(), "a valid " + settle.infno() + ": " + settled);
        return new Valid(infno, FlowRig.reversalOf(settled), "input.data", "", 0);
    }

    private ObjectNode reconcile() {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        ObjectNode data = input.putObject("data").put("insutype", style.nextBoolean() ? "310" : "")
                .put("clr_type", style.nextBoolean() ? "41" : "").put("setl_optins", "371500")
                .put("stmt_begndate", "2027-01-15").put("stmt_enddate", "2027-01-15")
                .put("refd_setl_flag", List.of("", "0", "1").get(style.nextInt(3)));
        data.set("medfee_sumamt", amount(style.nextInt(100_000) - 20_000)); // a net total may be negative
        data.set("fund_pay_sumamt", amount(style.nextInt(50_000)));
        data.set("acct_pay", style.nextBoolean() ? TextNode.valueOf("") : amount(style.nextInt(1_000)));
        data.set("fixmedins_setl_cnt", style.nextBoolean() ? TextNode.valueOf("") : count(style.nextInt(20)));
        return input;
    }

    private String registered() throws Exception {
        JsonNode reg = rig.call("2201", register());
        assertEquals(0, reg.path("infcode").asInt(), "a valid 2201: " + reg);
        return reg.at("/output/data/mdtrt_id").asText();
    }

    private long upload(String mdtrtId, List<LineSpec> specs, int firstSn) throws Exception {
        ObjectNode input = FlowRig.JSON.createObjectNode();
        long total = addLines(input.putArray("feedetail"), specs, firstSn, mdtrtId);
        JsonNode up = rig.call("2204", input);
        assertEquals(0, up.path("infcode").asInt(), "a valid 2204: " + up);
        return total;
    }

    /** mdtrt_cert_type 02 with the person's ID number, or both "" (a counter may settle on psn_no alone). */
    private void credential(ObjectNode info) {
        boolean id = style.nextBoolean();
        info.put("mdtrt_cert_type", id ? "02" : "").put("mdtrt_cert_no", id ? FlowRig.CERTNO : "");
    }

    /** Adds the lines (feedetl_sn from {@code firstSn}); for a clinic upload, with the visit's fields. Returns Σ amount in fen. */
    private long addLines(ArrayNode lines, List<LineSpec> specs, int firstSn, String mdtrtId) {
        long total = 0;
        for (int i = 0; i < specs.size(); i++) {
            LineSpec spec = specs.get(i);
            ObjectNode line = lines.addObject();
            line.set("feedetl_sn", serial(firstSn + i));
            if (mdtrtId != null) line.put("mdtrt_id", mdtrtId).put("psn_no", FlowRig.PSN).put("med_type", "14");
            line.put("fee_ocur_time", style.nextBoolean() ? "2027-01-15 09:01:00" : "");
            code(line, spec.code());
            if (spec.empty()) {
                line.put("det_item_fee_sumamt", "").put("cnt", "").put("pric", "");
                continue;
            }
            BigDecimal pric = new BigDecimal(PRICES[spec.pric()]);
            BigDecimal cnt = new BigDecimal(COUNTS[spec.cnt()]);
            long fen = pric.multiply(cnt).setScale(2, RoundingMode.HALF_UP).movePointRight(2).longValueExact();
            line.set("det_item_fee_sumamt", amount(fen));
            line.set("cnt", number(cnt));
            line.set("pric", number(pric));
            total += fen;
        }
        return total;
    }

    private static void code(ObjectNode line, int code) {
        switch (code) {
            case 0 -> line.put("med_list_codg", Fixtures.JIA);
            case 1 -> line.put("med_list_codg", Fixtures.YI);
            case 2 -> line.put("med_list_codg", Fixtures.BING);
            default -> line.put("med_list_codg", "").put("medins_list_codg", "L-JIA");
        }
    }

    /** feedetl_sn {@code n}: as digits, with leading zeros, or as a whole JSON number. */
    private JsonNode serial(int n) {
        return switch (style.nextInt(3)) {
            case 0 -> TextNode.valueOf(Integer.toString(n));
            case 1 -> TextNode.valueOf("00" + n);
            default -> FlowRig.JSON.getNodeFactory().numberNode(n);
        };
    }

    /** {@code fen} as yuan with 2 decimals: a JSON number or a string. */
    JsonNode amount(long fen) {
        return number(BigDecimal.valueOf(fen, 2));
    }

    private JsonNode count(long n) {
        return number(BigDecimal.valueOf(n));
    }

    private JsonNode number(BigDecimal d) {
        return style.nextBoolean() ? DecimalNode.valueOf(d) : TextNode.valueOf(d.toPlainString());
    }
}
