package org.yibao.terminal.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import org.yibao.terminal.domain.RefusedException;

/**
 * Reads a 3201 request's {@code input.data} into a {@link ReconRequest}, with the readers and
 * refusals (10xx, naming the path) of 2101/2102: medfee_sumamt, fund_pay_sumamt and acct_pay
 * amounts with at most 2 decimals (1023) within range (1030), empty = 0, but unlike a purchase's
 * they may be negative (a period whose reversals outweigh its settlements); fixmedins_setl_cnt a
 * whole number (1022) not negative (1024), empty = 0; stmt_begndate and stmt_enddate required
 * (1021) real dates (1027); insutype "" or three digits, clr_type "" or 11, 41, 99 (the codes the
 * terminal settles under), refd_setl_flag "" or 0, 1 (1028). Whether the period runs forwards is
 * the flow's question.
 */
public final class ReconRequestJson {
    /** The spec's clr_type codes: 11 门诊, 41 药店购药, 99 其他. */
    private static final List<String> CLR_TYPES = List.of("11", "41", "99");
    private static final List<String> FLAGS = List.of("0", "1");
    /** insutype codes are three digits (310 职工基本医疗保险, 390 城乡居民…), as the policy file's rules take them. */
    private static final Pattern INSUTYPE = Pattern.compile("\\d{3}");
    /** More entries than any terminal makes in a period; a larger count is a host's error, refused 1030. */
    static final long MAX_COUNT = 999_999_999L;

    private ReconRequestJson() {
    }

    /** The request in {@code input} (the envelope's input object); refusals name {@code input.data.x}. */
    public static ReconRequest parseInput(JsonNode input) {
        if (!input.isObject()) throw JsonFields.wrongType("input", "对象");
        String path = "input.data";
        JsonNode data = JsonFields.requiredObject(input, "data", "input");
        return new ReconRequest(insutype(data, path), JsonFields.oneOf(data, "clr_type", path, false, CLR_TYPES),
                JsonFields.text(data, "setl_optins", path), requiredDate(data, "stmt_begndate", path),
                requiredDate(data, "stmt_enddate", path), JsonFields.signedAmount(data, "medfee_sumamt", path),
                JsonFields.signedAmount(data, "fund_pay_sumamt", path), JsonFields.signedAmount(data, "acct_pay", path),
                JsonFields.optionalWhole(data, "fixmedins_setl_cnt", path, MAX_COUNT).orElse(0),
                !"0".equals(JsonFields.oneOf(data, "refd_setl_flag", path, false, FLAGS)));
    }

    private static String insutype(JsonNode data, String path) {
        String s = JsonFields.text(data, "insutype", path);
        if (s.isEmpty() || INSUTYPE.matcher(s).matches()) return s;
        throw new RefusedException(JsonInputReason.BAD_VALUE,
                JsonFields.child(path, "insutype") + " 应为3位数字的险种代码：" + JsonFields.shown(s));
    }

    private static LocalDate requiredDate(JsonNode data, String key, String path) {
        return JsonFields.date(data, key, path).orElseThrow(() -> JsonFields.missing(JsonFields.child(path, key)));
    }
}
