package org.yibao.provisioning.diagnostics;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A masking pass over free text (logs, configuration, JSON) before it leaves the device.
 * Values of known personal JSON / YAML / key=value fields are masked by kind (a name keeps its
 * first and last character: 张*三; a number or token keeps its first and last four:
 * 3715**********1234); then, anywhere, 18-character 社会保障号码 / ID numbers, runs of 9 or more
 * digits (card and account numbers) and long token-like strings (ecTokens) are masked as
 * numbers. It errs towards masking too much. Idempotent: masked values are never matched again.
 */
public final class PersonalDataScrubber {

    private static final String NAME_FIELDS = "psn_name|name|patn_name|insu_name|emp_name|opter_name|cashier_name";
    private static final String NUMBER_FIELDS = "certno|cert_no|psn_cert_no|mdtrt_cert_no|psn_no|card_no|cardno|card_sn|cardsn"
            + "|ectoken|ec_token|eccode|ec_code|token|idcard|id_card|id_no|phone|tel|mob";
    private static final Pattern QUOTED_NAME = quoted(NAME_FIELDS);
    private static final Pattern BARE_NAME = bare(NAME_FIELDS);
    private static final Pattern QUOTED_NUMBER = quoted(NUMBER_FIELDS);
    private static final Pattern BARE_NUMBER = bare(NUMBER_FIELDS);
    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])\\d{17}[0-9Xx](?![0-9A-Za-z])");
    private static final Pattern LONG_DIGITS = Pattern.compile("(?<![0-9A-Za-z.])[A-Za-z]{0,2}\\d{9,}[A-Za-z]?(?![0-9A-Za-z])");
    private static final Pattern TOKEN = Pattern.compile(
            "(?<![A-Za-z0-9_+/=-])(?=[A-Za-z0-9_+/=-]*\\d)(?=[A-Za-z0-9_+/=-]*[A-Za-z])[A-Za-z0-9_+/=-]{24,}");

    private PersonalDataScrubber() {
    }

    /** {@code text} with every personal value masked. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) return "";
        String out = replace(QUOTED_NAME, text, PersonalDataScrubber::maskName);
        out = replace(BARE_NAME, out, PersonalDataScrubber::maskName);
        out = replace(QUOTED_NUMBER, out, PersonalDataScrubber::maskNumber);
        out = replace(BARE_NUMBER, out, PersonalDataScrubber::maskNumber);
        out = replaceWhole(ID_NUMBER, out);
        out = replaceWhole(LONG_DIGITS, out);
        return replaceWhole(TOKEN, out);
    }

    /** The masked name: first and last character kept (张*三, 张*, *). */
    public static String maskName(String value) {
        int[] cps = value.strip().codePoints().toArray();
        if (cps.length <= 1) return cps.length == 0 ? "" : "*";
        StringBuilder sb = new StringBuilder().appendCodePoint(cps[0]);
        if (cps.length == 2) return sb.append('*').toString();
        return sb.append("*".repeat(cps.length - 2)).appendCodePoint(cps[cps.length - 1]).toString();
    }

    /** The masked number or token: first and last four kept; 8 or fewer masked whole. */
    public static String maskNumber(String value) {
        int[] cps = value.strip().codePoints().toArray();
        if (cps.length <= 8) return "*".repeat(cps.length);
        return new String(cps, 0, 4) + "*".repeat(cps.length - 8) + new String(cps, cps.length - 4, 4);
    }

    /** {@code "field": "value"} or {@code field: "value"}: group 1 up to the quote, group 2 the value. */
    private static Pattern quoted(String names) {
        return Pattern.compile("(?i)(\"?\\b(?:" + names + ")\\b\"?\\s*[:=]\\s*\")([^\"]+)");
    }

    /** {@code field: value} or {@code field=value} unquoted: group 2 the value up to a space or separator. */
    private static Pattern bare(String names) {
        return Pattern.compile("(?i)(\\b(?:" + names + ")\\b\\s*[:=]\\s*)([^\\s\",}\\]&;]+)");
    }

    private static String replace(Pattern pattern, String text, UnaryOperator<String> mask) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + mask.apply(m.group(2))));
        }
        return m.appendTail(sb).toString();
    }

    private static String replaceWhole(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(maskNumber(m.group())));
        }
        return m.appendTail(sb).toString();
    }
}
