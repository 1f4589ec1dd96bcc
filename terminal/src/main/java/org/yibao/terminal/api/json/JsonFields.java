package org.yibao.terminal.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.yibao.terminal.api.envelope.Timestamps;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.money.Fen;

/**
 * Typed reads of national-interface JSON fields, refusing (10xx) with the field path: amounts
 * as numbers or strings with at most 2 decimals (empty = 0), exact decimals with a maximum
 * scale, codes as strings (or integral numbers) from a fixed list, dates yyyy-MM-dd and times
 * yyyy-MM-dd HH:mm:ss that are real (no 2026-02-30, no 24:00:00). Empty text is "" (the
 * national rule for empty non-numeric values), so an optional date, time or code may be "".
 */
public final class JsonFields {
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    /** More integer digits than any amount, price or count the interface can carry (Fen.MAX has 18). */
    private static final int MAX_INTEGER_DIGITS = 19;

    private JsonFields() {
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The object at {@code parent.key}: absent or null is refused 1021, anything else not an object 1022, naming {@code path.key}. */
    public static JsonNode requiredObject(JsonNode parent, String key, String path) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) throw missing(child(path, key));
        if (!n.isObject()) throw wrongType(child(path, key), "对象");
        return n;
    }

    /** The elements of an array field; absent or null is an empty list when not required. */
    static List<JsonNode> array(JsonNode parent, String key, String path, boolean required) {
        return array(parent.get(key), child(path, key), required);
    }

    /** As {@link #array(JsonNode, String, String, boolean)} for the value {@code n}, named {@code name} in refusals. */
    static List<JsonNode> array(JsonNode n, String name, boolean required) {
        List<JsonNode> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            if (required) throw missing(name);
            return out;
        }
        if (!n.isArray()) throw wrongType(name, "数组");
        n.forEach(out::add);
        return out;
    }

    /**
     * A string field, stripped; absent or null is "". Integral numbers are taken as their digits;
     * any other JSON type is refused 1022 naming {@code path.key} (an object, array or boolean is
     * never read as "" or as "true").
     */
    public static String text(JsonNode parent, String key, String path) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) return "";
        if (n.isTextual()) return n.asText().strip();
        if (n.isIntegralNumber()) return n.asText();
        throw wrongType(child(path, key), "字符串");
    }

    /** As {@link #text}, and "" (or absent) is refused 1021 naming {@code path.key}. */
    public static String requiredText(JsonNode parent, String key, String path) {
        String s = text(parent, key, path);
        if (s.isEmpty()) throw missing(child(path, key));
        return s;
    }

    /**
     * A secret (a password) at {@code parent.key}, exactly as sent: never stripped, never a number
     * taken as its digits; absent, null or "" is refused 1021 and any other JSON type 1022, naming
     * {@code path.key}.
     */
    public static String secret(JsonNode parent, String key, String path) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull() || (n.isTextual() && n.textValue().isEmpty())) throw missing(child(path, key));
        if (!n.isTextual()) throw wrongType(child(path, key), "字符串");
        return n.textValue();
    }

    /** An amount in fen; absent, null or "" is 0 (the national rule for empty numbers). */
    static long amount(JsonNode parent, String key, String path) {
        return optionalAmount(parent, key, path).orElse(0);
    }

    /** A required amount: absent is refused, "" is 0. */
    static long requiredAmount(JsonNode parent, String key, String path) {
        if (!parent.has(key)) throw missing(child(path, key));
        return amount(parent, key, path);
    }

    /** An amount when the field is present (null or "" = 0); empty when absent. */
    static OptionalLong optionalAmount(JsonNode parent, String key, String path) {
        if (!parent.has(key)) return OptionalLong.empty();
        return OptionalLong.of(fen(parent.get(key), child(path, key), false));
    }

    /**
     * An amount in fen that may be negative: a net total, such as 3201's when reversals outweigh
     * settlements. Absent, null or "" is 0; at most 2 decimals and within {@link Fen#MAX} either way.
     */
    static long signedAmount(JsonNode parent, String key, String path) {
        return fen(parent.get(key), child(path, key), true);
    }

    private static long fen(JsonNode n, String path, boolean signed) {
        Optional<BigDecimal> d = decimal(n, path, 2, signed);
        if (d.isEmpty()) return 0;
        if (d.get().abs().movePointRight(2).compareTo(BigDecimal.valueOf(Fen.MAX)) > 0) {
            throw new RefusedException(JsonInputReason.TOO_LARGE, path);
        }
        return Fen.ofYuanExact(d.get().setScale(2));
    }

    /**
     * A whole number from 0 to {@code max}, as a JSON number or a string of digits (2 and "2.0"
     * are 2); empty when absent, null or "". Refuses a fraction or anything not a number 1022, a
     * negative number 1024, and one above {@code max} 1030 naming the range.
     */
    static OptionalLong optionalWhole(JsonNode parent, String key, String path, long max) {
        String name = child(path, key);
        Optional<Sent> sent = number(parent.get(key), name);
        if (sent.isEmpty()) return OptionalLong.empty();
        BigDecimal d = sent.get().value();
        String shown = shown(sent.get().text());
        if (d.signum() < 0) throw new RefusedException(JsonInputReason.NEGATIVE, name + " = " + shown);
        if (d.stripTrailingZeros().scale() > 0) throw wrongType(name, "整数：" + shown);
        if (d.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new RefusedException(JsonInputReason.TOO_LARGE, name + " 应为 0 到 " + max + "：" + shown);
        }
        return OptionalLong.of(d.longValueExact());
    }

    /**
     * A required exact non-negative decimal with at most {@code maxScale} places: absent is
     * refused, null or "" is 0 (the national rule for empty numbers, as for amounts).
     */
    static BigDecimal requiredDecimal(JsonNode parent, String key, String path, int maxScale) {
        JsonNode n = parent.get(key);
        if (n == null) throw missing(child(path, key));
        BigDecimal d = decimal(n, child(path, key), maxScale, false).orElse(BigDecimal.ZERO);
        if (d.compareTo(BigDecimal.valueOf(Fen.MAX)) > 0) {
            throw new RefusedException(JsonInputReason.TOO_LARGE, child(path, key));
        }
        return d;
    }

    /** A non-negative (unless {@code signed}) decimal from a number or a string; empty for null or "". */
    private static Optional<BigDecimal> decimal(JsonNode n, String path, int maxScale, boolean signed) {
        return number(n, path).map(sent -> bounded(sent.value(), path, maxScale, shown(sent.text()), signed));
    }

    /** A number and its text as sent (for a refusal: never the value written out, see {@link #bounded}). */
    private record Sent(BigDecimal value, String text) {
    }

    /** A JSON number, or a string of an optionally signed decimal; empty for null or "". Else refused 1022. */
    private static Optional<Sent> number(JsonNode n, String path) {
        if (n == null || n.isNull()) return Optional.empty();
        if (n.isNumber()) return Optional.of(new Sent(n.decimalValue(), n.asText()));
        if (!n.isTextual()) throw wrongType(path, "数字");
        String s = n.asText().strip();
        if (s.isEmpty()) return Optional.empty();
        if (!DECIMAL.matcher(s).matches()) throw wrongType(path, "数字");
        return Optional.of(new Sent(new BigDecimal(s), s));
    }

    /**
     * {@code d} when it is non-negative (unless {@code signed}), has at most {@code maxScale}
     * decimals and at most {@link #MAX_INTEGER_DIGITS} integer digits. Checked on precision and
     * scale before anything writes the value out or rescales it: a JSON number like 1e-999999999
     * is a few bytes, written out in full it is a gigabyte. The refusal shows the value as it was
     * sent, cut short.
     */
    private static BigDecimal bounded(BigDecimal d, String path, int maxScale, String sent, boolean signed) {
        if (d.signum() != 0 && (long) d.precision() - d.scale() > MAX_INTEGER_DIGITS) {
            throw new RefusedException(JsonInputReason.TOO_LARGE, path + " = " + sent);
        }
        if (d.signum() < 0 && !signed) throw new RefusedException(JsonInputReason.NEGATIVE, path + " = " + sent);
        if (d.signum() == 0) return d.scale() < 0 || d.scale() > maxScale ? BigDecimal.ZERO : d;
        if (d.stripTrailingZeros().scale() > maxScale) {
            throw new RefusedException(JsonInputReason.TOO_MANY_DECIMALS, path + " 最多" + maxScale + "位小数：" + sent);
        }
        if (d.scale() > maxScale) return d.stripTrailingZeros(); // 1.500000000 -> 1.5
        return d.scale() < 0 ? d.setScale(0) : d; // 2E+1 -> 20; 20.00 keeps its scale
    }

    /** A date yyyy-MM-dd (a trailing " HH:mm:ss" is allowed, checked and dropped); empty for "". */
    static Optional<LocalDate> date(JsonNode parent, String key, String path) {
        String s = text(parent, key, path);
        if (s.isEmpty()) return Optional.empty();
        try {
            if (s.length() == 19 && s.charAt(10) == ' ') {
                return Optional.of(LocalDateTime.parse(s, Timestamps.TIME).toLocalDate());
            }
            return Optional.of(LocalDate.parse(s, Timestamps.DATE));
        } catch (DateTimeParseException e) {
            throw new RefusedException(JsonInputReason.BAD_DATE, child(path, key) + " 应为 yyyy-MM-dd：" + shown(s));
        }
    }

    /** A time yyyy-MM-dd HH:mm:ss; empty for "". */
    static Optional<LocalDateTime> time(JsonNode parent, String key, String path) {
        String s = text(parent, key, path);
        if (s.isEmpty()) return Optional.empty();
        try {
            return Optional.of(LocalDateTime.parse(s, Timestamps.TIME));
        } catch (DateTimeParseException e) {
            throw new RefusedException(JsonInputReason.BAD_DATE, child(path, key) + " 应为 yyyy-MM-dd HH:mm:ss：" + shown(s));
        }
    }

    /**
     * A code that must be one of {@code allowed} (two or more); "" (or absent) is refused as missing when
     * {@code required}, else returned as "". Refuses {@code BAD_VALUE} listing the codes.
     */
    static String oneOf(JsonNode parent, String key, String path, boolean required, List<String> allowed) {
        String s = required ? requiredText(parent, key, path) : text(parent, key, path);
        if (s.isEmpty() || allowed.contains(s)) return s;
        String list = String.join("、", allowed.subList(0, allowed.size() - 1)) + " 或 " + allowed.getLast();
        throw new RefusedException(JsonInputReason.BAD_VALUE, child(path, key) + " 应为 " + list + "：" + shown(s));
    }

    /** {@code s} for a refusal's detail, cut to 32 characters: err_msg is shown to a cashier. */
    static String shown(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "…";
    }

    static RefusedException missing(String path) {
        return new RefusedException(JsonInputReason.MISSING_FIELD, path);
    }

    static RefusedException wrongType(String path, String expected) {
        return new RefusedException(JsonInputReason.WRONG_TYPE, path + " 应为" + expected);
    }
}
