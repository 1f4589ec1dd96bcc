package org.yibao.terminal.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.yibao.terminal.domain.catalog.CatalogEntry;
import org.yibao.terminal.domain.catalog.ChargeLevel;

/**
 * The non-key fields of a validated catalogue row packed as one tab-separated text for the
 * {@code fields} column, in this order: med_list_name, list_type, chrgitm_lv, med_chrgitm_type,
 * selfpay_prop_310, selfpay_prop_390, pric_uplmt_amt, lmt_used_flag, ver (empty = none).
 * The key and dates stay real columns for the index. One text column instead of nine cuts the
 * JDBC bind calls of a bulk load by two thirds; rows are validated before they are packed, so
 * unpacking needs no validation (fields never hold a tab: the file is tab-separated).
 */
final class CatalogRecordCodec {
    private static final int FIELDS = 9;

    private CatalogRecordCodec() {}

    static String pack(CatalogEntry e) {
        return new StringBuilder(64)
                .append(text(e.name())).append('\t')
                .append(e.listType()).append('\t')
                .append(e.level().code()).append('\t')
                .append(text(e.chrgitmType())).append('\t')
                .append(e.selfpayProp310().toPlainString()).append('\t')
                .append(e.selfpayProp390().toPlainString()).append('\t')
                .append(e.priceCap() == null ? "" : e.priceCap().toPlainString()).append('\t')
                .append(e.restrictedUse() ? '1' : '0').append('\t')
                .append(e.version())
                .toString();
    }

    static CatalogEntry unpack(String code, LocalDate begin, LocalDate end, String packed) {
        String[] f = TsvLine.split(packed);
        if (f.length != FIELDS) throw new IllegalStateException("catalog_item.fields of " + code + " has " + f.length + " fields");
        return new CatalogEntry(code, empty(f[0]), f[1], ChargeLevel.ofCode(f[2]), empty(f[3]),
                new BigDecimal(f[4]), new BigDecimal(f[5]), f[6].isEmpty() ? null : new BigDecimal(f[6]),
                f[7].equals("1"), begin, end, f[8]);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String empty(String value) {
        return value.isEmpty() ? null : value;
    }
}
