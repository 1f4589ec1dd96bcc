package org.yibao.terminal.catalog;

import java.math.BigDecimal;
import java.util.List;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import org.yibao.terminal.domain.catalog.ChargeLevel;

/**
 * The catalogue TSV's columns (spec/policy-and-catalog.md) and the validation of one row into
 * a {@link CatalogEntry}. Required: med_list_codg, list_type, chrgitm_lv, lmt_used_flag,
 * begndate, ver, and on 乙类 rows both self-pay ratios. Optional: med_list_name,
 * med_chrgitm_type, pric_uplmt_amt (none), enddate (open), and the self-pay ratios of 甲类 and
 * 丙类 rows (empty = 0). 甲类 rows must have both ratios 0.
 */
final class CatalogColumns {
    static final String CODE = "med_list_codg";
    static final String NAME = "med_list_name";
    static final String LIST_TYPE = "list_type";
    static final String LEVEL = "chrgitm_lv";
    static final String CHRGITM_TYPE = "med_chrgitm_type";
    static final String PROP_310 = "selfpay_prop_310";
    static final String PROP_390 = "selfpay_prop_390";
    static final String PRICE_CAP = "pric_uplmt_amt";
    static final String RESTRICTED = "lmt_used_flag";
    static final String BEGIN = "begndate";
    static final String END = "enddate";
    static final String VERSION = "ver";

    static final List<String> ALL = List.of(CODE, NAME, LIST_TYPE, LEVEL, CHRGITM_TYPE, PROP_310,
            PROP_390, PRICE_CAP, RESTRICTED, BEGIN, END, VERSION);
    static final List<String> LIST_TYPES = List.of("101", "102", "201", "301");
    static final List<String> LEVELS = List.of("01", "02", "03");
    static final List<String> FLAGS = List.of("0", "1");

    private CatalogColumns() {}

    /** Validates one line completely and returns its entry, or throws a located refusal. */
    static CatalogEntry parse(TsvRow row) {
        String code = row.required(CODE);
        String listType = FieldParsers.oneOf(row, LIST_TYPE, LIST_TYPES);
        ChargeLevel level = ChargeLevel.ofCode(FieldParsers.oneOf(row, LEVEL, LEVELS));
        BigDecimal prop310 = selfpayRatio(row, PROP_310, level);
        BigDecimal prop390 = selfpayRatio(row, PROP_390, level);
        BigDecimal priceCap = FieldParsers.priceCap(row, PRICE_CAP);
        boolean restricted = FieldParsers.oneOf(row, RESTRICTED, FLAGS).equals("1");
        var begin = FieldParsers.requiredDate(row, BEGIN);
        var end = FieldParsers.optionalDate(row, END);
        FieldParsers.checkOrder(row, END, begin, end);
        String version = row.required(VERSION);
        return new CatalogEntry(code, row.optional(NAME), listType, level, row.optional(CHRGITM_TYPE),
                prop310, prop390, priceCap, restricted, begin, end, version);
    }

    /**
     * The 乙类 first self-pay ratio of one insutype. 乙类 rows must give it; on 甲类 (where it is
     * 0) and 丙类 (where it is never used) an empty field means 0, and a 甲类 value must be 0.
     */
    private static BigDecimal selfpayRatio(TsvRow row, String column, ChargeLevel level) {
        if (row.optional(column) == null) {
            if (level == ChargeLevel.B) {
                throw row.refuse(CatalogReason.REQUIRED_EMPTY, column, "乙类药品须填写自付比例（0 到 1 的小数），不能为空");
            }
            return BigDecimal.ZERO;
        }
        BigDecimal ratio = FieldParsers.ratio(row, column);
        if (level == ChargeLevel.A && ratio.signum() != 0) {
            throw row.refuse(CatalogReason.BAD_RATIO, column, "甲类的自付比例须为 0，实为 " + ratio.toPlainString());
        }
        return ratio;
    }
}
