package org.yibao.terminal.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.settlement.Accumulators;
import org.yibao.terminal.domain.settlement.PersonSnapshot;

/**
 * Reads the 1101 output (the bare {@code output} object, or a whole response with
 * {@code output}) into a {@link PersonSnapshot}: baseinfo, insuinfo[] with balances,
 * term_accuinfo[] and term_opspinfo[]. Wrong fields are refused (10xx) with their path.
 */
public final class PersonJson {
    private PersonJson() {
    }

    public static PersonSnapshot parse(JsonNode root) {
        if (!root.isObject()) throw JsonFields.wrongType("(根)", "对象");
        String path = "";
        JsonNode out = root;
        if (root.has("output")) {
            out = JsonFields.requiredObject(root, "output", "");
            path = "output";
        }
        JsonNode base = JsonFields.requiredObject(out, "baseinfo", path);
        String basePath = JsonFields.child(path, "baseinfo");
        return new PersonSnapshot(JsonFields.requiredText(base, "psn_no", basePath),
                JsonFields.text(base, "psn_name", basePath), JsonFields.text(base, "certno", basePath),
                insurances(out, path), accumulators(out, path), opsp(out, path),
                "cache".equals(JsonFields.text(out, "term_source", path)));
    }

    private static List<PersonSnapshot.Insurance> insurances(JsonNode out, String path) {
        List<PersonSnapshot.Insurance> rows = new ArrayList<>();
        List<JsonNode> items = JsonFields.array(out, "insuinfo", path, true);
        for (int i = 0; i < items.size(); i++) {
            String p = JsonFields.child(path, "insuinfo") + "[" + i + "]";
            JsonNode n = object(items.get(i), p);
            rows.add(new PersonSnapshot.Insurance(JsonFields.requiredText(n, "insutype", p),
                    JsonFields.text(n, "psn_type", p), JsonFields.amount(n, "balc", p),
                    JsonFields.text(n, "insuplc_admdvs", p), JsonFields.text(n, "psn_insu_stas", p)));
        }
        return rows;
    }

    private static List<PersonSnapshot.YearAccumulators> accumulators(JsonNode out, String path) {
        List<PersonSnapshot.YearAccumulators> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<JsonNode> items = JsonFields.array(out, "term_accuinfo", path, false);
        for (int i = 0; i < items.size(); i++) {
            String p = JsonFields.child(path, "term_accuinfo") + "[" + i + "]";
            JsonNode n = object(items.get(i), p);
            int year = year(n, p);
            String group = JsonFields.requiredText(n, "accu_group", p);
            if (!seen.add(year + "/" + group)) {
                throw new RefusedException(JsonInputReason.DUPLICATE_ROW, p + "：" + year + " " + group);
            }
            rows.add(new PersonSnapshot.YearAccumulators(year, group, new Accumulators(
                    JsonFields.amount(n, "dedc_used", p), JsonFields.amount(n, "fund_paid", p),
                    JsonFields.amount(n, "inscp_over_dedc", p))));
        }
        return rows;
    }

    private static int year(JsonNode n, String p) {
        String s = JsonFields.requiredText(n, "year", p);
        if (!s.matches("\\d{4}")) {
            throw new RefusedException(JsonInputReason.BAD_VALUE, JsonFields.child(p, "year") + " = " + s);
        }
        return Integer.parseInt(s);
    }

    private static List<PersonSnapshot.OpspApproval> opsp(JsonNode out, String path) {
        List<PersonSnapshot.OpspApproval> rows = new ArrayList<>();
        List<JsonNode> items = JsonFields.array(out, "term_opspinfo", path, false);
        for (int i = 0; i < items.size(); i++) {
            String p = JsonFields.child(path, "term_opspinfo") + "[" + i + "]";
            JsonNode n = object(items.get(i), p);
            LocalDate begin = JsonFields.date(n, "begndate", p)
                    .orElseThrow(() -> JsonFields.missing(JsonFields.child(p, "begndate")));
            rows.add(new PersonSnapshot.OpspApproval(JsonFields.requiredText(n, "opsp_dise_code", p),
                    JsonFields.text(n, "opsp_dise_name", p), begin,
                    JsonFields.date(n, "enddate", p).orElse(null)));
        }
        return rows;
    }

    static JsonNode object(JsonNode n, String path) {
        if (!n.isObject()) throw JsonFields.wrongType(path, "对象");
        return n;
    }
}
