package org.yibao.terminal.api.envelope;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A sender message id: 30 characters, fixmedins_code (12) + yyyyMMddHHmmss (14) + a 4-digit
 * sequence. The terminal uses it as the idempotency key of a request.
 */
public record Msgid(String value) {
    /** The length every msgid has. */
    public static final int LENGTH = 30;

    private static final Pattern SHAPE = Pattern.compile("[0-9A-Za-z]{12}[0-9]{18}");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);

    public Msgid {
        Objects.requireNonNull(value, "value");
        if (problem(value).isPresent()) throw new IllegalArgumentException("not a msgid: " + value);
    }

    /** What is wrong with {@code text} as a msgid (in Chinese, for err_msg), or empty when it is one. */
    public static Optional<String> problem(String text) {
        if (text.length() != LENGTH) {
            return Optional.of("长度须为 30 位，实为 " + text.length() + " 位");
        }
        if (!SHAPE.matcher(text).matches()) {
            return Optional.of("须为 12 位机构编码 + 14 位时间 + 4 位序号");
        }
        try {
            LocalDateTime.parse(text.substring(12, 26), STAMP);
        } catch (DateTimeParseException e) {
            return Optional.of("第 13-26 位不是有效的时间 yyyyMMddHHmmss");
        }
        return Optional.empty();
    }

    /** The first 12 characters: the sender's fixmedins_code. */
    public String fixmedinsCode() {
        return value.substring(0, 12);
    }

    @Override
    public String toString() {
        return value;
    }
}
