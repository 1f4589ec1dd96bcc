package org.yibao.terminal.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.settlement.DeclaredParts;
import org.yibao.terminal.domain.settlement.Purchase;
import org.yibao.terminal.domain.settlement.PurchaseLine;

/**
 * Reads a 2101/2102 request envelope ({@code input.druginfo}, {@code input.drugdetail[]}) into a
 * {@link DrugRequest}. Amounts: numbers or strings, at most 2 decimals, empty = 0; pric at most
 * 6 and cnt at most 4 decimals; nothing negative; feedetl_sn 1-15 digits, never 0, unique;
 * begntime and fee_ocur_time real times yyyy-MM-dd HH:mm:ss or ""; mdtrt_cert_type 01, 02, 03
 * or ""; term_selfpay_only 0, 1 or "". Every refusal (10xx) names the field path. The clinic
 * flow checks its own fields of the same kind with {@link #time}, {@link #mdtrtCertType}
 * and {@link #selfPayOnly}, and reads its text fields with {@link JsonFields}.
 */
public final class DrugRequestJson {
    public static final int PRICE_SCALE = 6;
    public static final int COUNT_SCALE = 4;
    /** The spec's mdtrt_cert_type codes: 01 医保电子凭证, 02 居民身份证, 03 社会保障卡. */
    private static final List<String> CERT_TYPES = List.of("01", "02", "03");
    private static final List<String> FLAGS = List.of("0", "1");

    private DrugRequestJson() {
    }

    /** A whole request (envelope with {@code input}) or a bare input object, as a file holds it. */
    public static DrugRequest parse(JsonNode root) {
        if (!root.isObject()) throw JsonFields.wrongType("(根)", "对象");
        if (root.has("input")) return read(root, JsonFields.requiredObject(root, "input", ""), "input");
        return read(root, root, "");
    }

    /**
     * The {@code input} object of an envelope the local API has already read: refusals name
     * the path from the envelope ({@code input.drugdetail[1].fee_ocur_time}), as the host sent it.
     * msgid and insuplc_admdvs are "" (the caller holds the envelope).
     */
    public static DrugRequest parseInput(JsonNode input) {
        if (!input.isObject()) throw JsonFields.wrongType("input", "对象");
        return read(MissingNode.getInstance(), input, "input");
    }

    /**
     * A clinic visit's purchase (2204 / 2206 / 2207), which the clinic flow builds in the
     * druginfo / drugdetail form from what the host sent elsewhere: refusals name the host's own
     * fields, {@code infoPath.x} for the person's fields (e.g. {@code input.data.med_type}) and
     * {@code linesPath[i].x} for a line (e.g. {@code input.feedetail[1].cnt}).
     */
    public static DrugRequest parseClinic(JsonNode purchase, String infoPath, String linesPath) {
        return parseClinic(purchase, infoPath, linesPath, Set.of());
    }

    /**
     * As {@link #parseClinic(JsonNode, String, String)} for a 2204 upload to a visit that already
     * holds lines numbered {@code uploaded} (see {@link #feedetlSnNumbers}): a line whose
     * feedetl_sn is, as a number, one of them is refused 1026 like a repeat within the request,
     * so a visit never holds two lines of one number.
     */
    public static DrugRequest parseClinic(JsonNode purchase, String infoPath, String linesPath, Set<Long> uploaded) {
        return read(MissingNode.getInstance(), JsonFields.requiredObject(purchase, "druginfo", ""), infoPath, purchase,
                linesPath, uploaded);
    }

    /**
     * The feedetl_sn of each of {@code lines} (lines this reader accepted earlier, such as a
     * visit's stored fees) as the number it compares: "01" and "1" are the same line.
     */
    public static Set<Long> feedetlSnNumbers(JsonNode lines) {
        Set<Long> numbers = new HashSet<>();
        // stored as sent: read as the request was, stripped of surrounding spaces
        for (JsonNode line : lines) numbers.add(Long.parseLong(line.path("feedetl_sn").asText().strip()));
        return numbers;
    }

    private static DrugRequest read(JsonNode root, JsonNode input, String path) {
        return read(root, JsonFields.requiredObject(input, "druginfo", path), JsonFields.child(path, "druginfo"),
                input, JsonFields.child(path, "drugdetail"), Set.of());
    }

    private static DrugRequest read(JsonNode root, JsonNode info, String infoPath, JsonNode input, String linesPath,
                                    Set<Long> uploaded) {
        time(info, "begntime", infoPath);
        String certType = mdtrtCertType(info, infoPath);
        boolean selfPayOnly = selfPayOnly(info, infoPath);
        Purchase purchase = new Purchase(JsonFields.requiredText(info, "psn_no", infoPath),
                JsonFields.requiredText(info, "insutype", infoPath), JsonFields.text(info, "psn_type", infoPath),
                JsonFields.requiredText(info, "med_type", infoPath), JsonFields.text(info, "dise_codg", infoPath),
                acctUsed(info, infoPath), declaredTotal(info, infoPath),
                lines(input, linesPath, uploaded));
        return new DrugRequest(JsonFields.text(root, "msgid", ""), JsonFields.text(root, "insuplc_admdvs", ""),
                certType, mdtrtCertNo(info, infoPath), JsonFields.text(info, "psn_name", infoPath),
                JsonFields.text(info, "invono", infoPath), selfPayOnly, purchase);
    }

    /**
     * The time at {@code parent.key}, yyyy-MM-dd HH:mm:ss and real (STRICT); empty when absent or
     * "". Refuses 1027 (1022 for a non-text value) naming {@code path.key}.
     */
    public static Optional<LocalDateTime> time(JsonNode parent, String key, String path) {
        return JsonFields.time(parent, key, path);
    }

    /** {@code mdtrt_cert_no} under {@code path}: the credential's number (ID number, card number, ecToken) or "". */
    public static String mdtrtCertNo(JsonNode parent, String path) {
        return JsonFields.text(parent, "mdtrt_cert_no", path);
    }

    /** {@code mdtrt_cert_type} under {@code path}: "" (absent) or 01, 02, 03; else refused 1028. */
    public static String mdtrtCertType(JsonNode parent, String path) {
        return JsonFields.oneOf(parent, "mdtrt_cert_type", path, false, CERT_TYPES);
    }

    /** {@code term_selfpay_only} under {@code path}: true for "1"; "" (absent) or "0" is false; else refused 1028. */
    public static boolean selfPayOnly(JsonNode parent, String path) {
        return "1".equals(JsonFields.oneOf(parent, "term_selfpay_only", path, false, FLAGS));
    }

    private static boolean acctUsed(JsonNode info, String path) {
        return "1".equals(JsonFields.oneOf(info, "acct_used_flag", path, true, FLAGS));
    }

    /**
     * The split a 2207 sends back from its 2206 (fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt,
     * inscp_scp_amt), each when present and not "": amounts like any other (at most 2 decimals).
     */
    public static DeclaredParts declaredParts(JsonNode data, String path) {
        return new DeclaredParts(declared(data, "fulamt_ownpay_amt", path), declared(data, "overlmt_selfpay", path),
                declared(data, "preselfpay_amt", path), declared(data, "inscp_scp_amt", path));
    }

    private static OptionalLong declared(JsonNode data, String key, String path) {
        JsonNode n = data.get(key);
        if (n == null || n.isNull() || n.isTextual() && n.asText().isBlank()) return OptionalLong.empty();
        return JsonFields.optionalAmount(data, key, path);
    }

    /** medfee_sumamt when the request carries the field (checked against the lines), else empty. */
    private static OptionalLong declaredTotal(JsonNode info, String path) {
        return JsonFields.optionalAmount(info, "medfee_sumamt", path);
    }

    /**
     * The elements of {@code n}, a required array of line objects (drugdetail, 2204's feedetail)
     * named {@code name}: absent, null or empty is refused 1021, a value that is not an array or
     * an element that is not an object 1022, naming {@code name} or {@code name[i]}.
     */
    public static List<JsonNode> lineObjects(JsonNode n, String name) {
        List<JsonNode> items = JsonFields.array(n, name, true);
        if (items.isEmpty()) throw new RefusedException(JsonInputReason.MISSING_FIELD, name + " 为空");
        for (int i = 0; i < items.size(); i++) PersonJson.object(items.get(i), name + "[" + i + "]");
        return items;
    }

    /**
     * The lines at {@code input.drugdetail}, named {@code p[i]} in refusals; their feedetl_sn,
     * compared as numbers, unique and none of {@code uploaded}.
     */
    private static List<PurchaseLine> lines(JsonNode input, String p, Set<Long> uploaded) {
        List<JsonNode> items = lineObjects(input.get("drugdetail"), p);
        Set<Long> serials = new HashSet<>();
        List<PurchaseLine> lines = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String lp = p + "[" + i + "]";
            PurchaseLine line = line(items.get(i), lp);
            long sn = Long.parseLong(line.feedetlSn());
            if (uploaded.contains(sn)) {
                throw new RefusedException(JsonInputReason.DUPLICATE_FEEDETL_SN,
                        lp + ".feedetl_sn = " + line.feedetlSn() + "（该次就诊已上传）");
            }
            if (!serials.add(sn)) {
                throw new RefusedException(JsonInputReason.DUPLICATE_FEEDETL_SN, lp + ".feedetl_sn = " + line.feedetlSn());
            }
            lines.add(line);
        }
        return lines;
    }

    private static PurchaseLine line(JsonNode n, String path) {
        String sn = feedetlSn(n, path);
        time(n, "fee_ocur_time", path);
        long amount = JsonFields.requiredAmount(n, "det_item_fee_sumamt", path);
        BigDecimal cnt = JsonFields.requiredDecimal(n, "cnt", path, COUNT_SCALE);
        BigDecimal pric = JsonFields.requiredDecimal(n, "pric", path, PRICE_SCALE);
        return new PurchaseLine(sn, JsonFields.text(n, "med_list_codg", path),
                JsonFields.text(n, "medins_list_codg", path), amount, pric, cnt);
    }

    private static String feedetlSn(JsonNode n, String path) {
        String sn = JsonFields.requiredText(n, "feedetl_sn", path);
        if (!sn.matches("\\d{1,15}") || Long.parseLong(sn) == 0) {
            throw new RefusedException(JsonInputReason.BAD_FEEDETL_SN, JsonFields.child(path, "feedetl_sn") + " = " + sn);
        }
        return sn;
    }
}
