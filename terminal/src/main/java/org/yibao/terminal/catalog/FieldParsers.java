package org.yibao.terminal.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed reading of catalogue fields, each refusing with the line and column on a bad value.
 * Dates are accepted as {@code yyyy-MM-dd} or {@code yyyyMMdd} (the two forms national files
 * use), strictly (no 2026-02-30). Ratios are plain decimals in [0, 1] with at most 4 decimals
 * once trailing zeros are dropped; price caps are plain decimals above 0 with at most 4
 * decimals (unit prices of tablets go below the fen).
 */
final class FieldParsers {
    static final int MAX_DECIMALS = 4;
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d{1,9}(\\.\\d{1,12})?");
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter COMPACT =
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

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
    static String oneOf(TsvRow row, String column, Set<String> allowed) {
        String text = row.required(column);
        if (!allowed.contains(text)) {
            throw row.refuse(CatalogReason.BAD_CODE_VALUE, column,
                    "须为 " + String.join("/", allowed.stream().sorted().toList()) + " 之一，实为 " + text);
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
        var format = text.length() == 8 ? COMPACT : ISO;
        try {
            return LocalDate.parse(text, format);
        } catch (DateTimeParseException e) {
            throw row.refuse(CatalogReason.BAD_DATE, column, "须为 yyyy-MM-dd 或 yyyyMMdd，实为 " + text);
        }
    }

    private static BigDecimal decimal(String text) {
        return PLAIN_DECIMAL.matcher(text).matches() ? new BigDecimal(text) : null;
    }

    private static int decimals(BigDecimal value) {
        return Math.max(0, value.stripTrailingZeros().scale());
    }
}
