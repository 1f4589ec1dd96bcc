package org.yibao.terminal.catalog;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;

/**
 * Typed reading of catalogue fields, each refusing with the line and column on a bad value.
 * Dates are accepted as {@code yyyy-MM-dd} or {@code yyyyMMdd} (the two forms national files
 * use), strictly (no 2026-02-30). Ratios are plain decimals in [0, 1] with at most 4 decimals
 * once trailing zeros are dropped; price caps are plain decimals above 0 with at most 4
 * decimals (unit prices of tablets go below the fen).
 */
final class FieldParsers {
    static final int MAX_DECIMALS = 4;
    private static final int MAX_INTEGER_DIGITS = 9;
    private static final int MAX_FRACTION_DIGITS = 12;

    private FieldParsers() {}

    static LocalDate requiredDate(TsvRow row, String column) {
        return date(row, column, row.required(column));
    }

    /** An optional date; null when empty. */
    static LocalDate optionalDate(TsvRow row, String column) {
        String text = row.optional(column);
        return text == null ? null : date(row, column, text);
    }

    static BigDecimal ratio(TsvRow row, String column) {
        String text = row.required(column);
        BigDecimal value = decimal(text);
        if (value == null || value.compareTo(BigDecimal.ONE) > 0) {
            throw row.refuse(CatalogReason.BAD_RATIO, column, "须为 0 到 1 之间的小数，实为 " + text);
        }
        if (decimals(value) > MAX_DECIMALS) {
            throw row.refuse(CatalogReason.BAD_RATIO, column, "最多 4 位小数，实为 " + text);
        }
        return value;
    }

    /** The price cap in yuan per unit; null when there is none. */
    static BigDecimal priceCap(TsvRow row, String column) {
        String text = row.optional(column);
        if (text == null) return null;
        BigDecimal value = decimal(text);
        if (value == null || value.signum() <= 0) {
            throw row.refuse(CatalogReason.BAD_PRICE_CAP, column, "须为空或大于 0 的金额，实为 " + text);
        }
        if (decimals(value) > MAX_DECIMALS) {
            throw row.refuse(CatalogReason.BAD_PRICE_CAP, column, "最多 4 位小数，实为 " + text);
        }
        return value;
    }

    /** A required field whose value must be one of {@code allowed}. */
    static String oneOf(TsvRow row, String column, List<String> allowed) {
        String text = row.required(column);
        if (!allowed.contains(text)) {
            throw row.refuse(CatalogReason.BAD_CODE_VALUE, column,
                    "须为 " + String.join("/", allowed) + " 之一，实为 " + text);
        }
        return text;
    }

    /** Checks begin <= end when end is present. */
    static void checkOrder(TsvRow row, String endColumn, LocalDate begin, LocalDate end) {
        if (end != null && end.isBefore(begin)) {
            throw row.refuse(CatalogReason.DATES_REVERSED, endColumn,
                    "结束日期 " + end + " 早于开始日期 " + begin);
        }
    }

    private static LocalDate date(TsvRow row, String column, String text) {
        boolean iso = text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-';
        int year = iso || text.length() == 8 ? digits(text, 0, 4) : -1;
        int month = iso ? digits(text, 5, 7) : digits(text, 4, 6);
        int day = iso ? digits(text, 8, 10) : digits(text, 6, 8);
        if (year < 0 || month < 0 || day < 0 || (!iso && text.length() != 8)) {
            throw row.refuse(CatalogReason.BAD_DATE, column, "须为 yyyy-MM-dd 或 yyyyMMdd，实为 " + text);
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw row.refuse(CatalogReason.BAD_DATE, column, "不是有效日期：" + text);
        }
    }

    /** The number written in text[from, to) when it is all ASCII digits, else -1. */
    private static int digits(String text, int from, int to) {
        if (to > text.length()) return -1;
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** A plain decimal (digits, optionally a point and digits; no sign, no exponent), else null. */
    private static BigDecimal decimal(String text) {
        int point = text.indexOf('.');
        int intEnd = point < 0 ? text.length() : point;
        if (intEnd == 0 || intEnd > MAX_INTEGER_DIGITS || digits(text, 0, intEnd) < 0) return null;
        if (point >= 0) {
            int fraction = text.length() - point - 1;
            if (fraction == 0 || fraction > MAX_FRACTION_DIGITS || !allDigits(text, point + 1)) return null;
        }
        return new BigDecimal(text);
    }

    private static boolean allDigits(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static int decimals(BigDecimal value) {
        return Math.max(0, value.stripTrailingZeros().scale());
    }
}
