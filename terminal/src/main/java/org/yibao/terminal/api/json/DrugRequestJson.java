package org.yibao.terminal.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.settlement.Purchase;
import org.yibao.terminal.domain.settlement.PurchaseLine;

/**
 * Reads a 2101/2102 request envelope ({@code input.druginfo}, {@code input.drugdetail[]}) into a
 * {@link DrugRequest}. Amounts: numbers or strings, at most 2 decimals, empty = 0; pric at most
 * 6 and cnt at most 4 decimals; nothing negative; feedetl_sn 1-15 digits, never 0, unique.
 * Every refusal (10xx) names the field path.
 */
public final class DrugRequestJson {
    public static final int PRICE_SCALE = 6;
    public static final int COUNT_SCALE = 4;

    private DrugRequestJson() {
    }

    public static DrugRequest parse(JsonNode root) {
        if (!root.isObject()) throw JsonFields.wrongType("(根)", "对象");
        JsonNode input = root;
        String path = "";
        if (root.has("input")) {
            input = JsonFields.requiredObject(root, "input", "");
            path = "input";
        }
        JsonNode info = JsonFields.requiredObject(input, "druginfo", path);
        String infoPath = JsonFields.child(path, "druginfo");
        Purchase purchase = new Purchase(JsonFields.requiredText(info, "psn_no", infoPath),
                JsonFields.requiredText(info, "insutype", infoPath), JsonFields.text(info, "psn_type", infoPath),
                JsonFields.requiredText(info, "med_type", infoPath), JsonFields.text(info, "dise_codg", infoPath),
                acctUsed(info, infoPath), declaredTotal(info, infoPath),
                lines(input, path));
        return new DrugRequest(JsonFields.text(root, "msgid", ""), JsonFields.text(root, "insuplc_admdvs", ""),
                JsonFields.text(info, "mdtrt_cert_type", infoPath), JsonFields.text(info, "psn_name", infoPath),
                JsonFields.text(info, "invono", infoPath), purchase);
    }

    private static boolean acctUsed(JsonNode info, String path) {
        String flag = JsonFields.requiredText(info, "acct_used_flag", path);
        return switch (flag) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new RefusedException(JsonInputReason.BAD_VALUE,
                    JsonFields.child(path, "acct_used_flag") + " 应为 0 或 1：" + flag);
        };
    }

    /** medfee_sumamt when the request carries the field (checked against the lines), else empty. */
    private static OptionalLong declaredTotal(JsonNode info, String path) {
        return JsonFields.optionalAmount(info, "medfee_sumamt", path);
    }

    private static List<PurchaseLine> lines(JsonNode input, String path) {
        String p = JsonFields.child(path, "drugdetail");
        List<JsonNode> items = JsonFields.array(input, "drugdetail", path, true);
        if (items.isEmpty()) throw new RefusedException(JsonInputReason.MISSING_FIELD, p + " 为空");
        Set<Long> serials = new HashSet<>();
        List<PurchaseLine> lines = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String lp = p + "[" + i + "]";
            PurchaseLine line = line(PersonJson.object(items.get(i), lp), lp);
            if (!serials.add(Long.parseLong(line.feedetlSn()))) {
                throw new RefusedException(JsonInputReason.DUPLICATE_FEEDETL_SN, lp + ".feedetl_sn = " + line.feedetlSn());
            }
            lines.add(line);
        }
        return lines;
    }

    private static PurchaseLine line(JsonNode n, String path) {
        String sn = feedetlSn(n, path);
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
