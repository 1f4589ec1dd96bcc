package org.yibao.provisioning.diagnostics;

import java.util.Collection;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A masking pass over free text (logs, configuration, JSON) before it leaves the device.
 * Values of known personal JSON / YAML / key=value fields are masked by kind (a name keeps its
 * first and last character: 张*三; a 社会保障卡 卡号 its first and last two: D******01; another
 * number or token its first and last four: 3715**********1234, a shorter one a quarter of its
 * length at each end: 13*******78), and so are values after the
 * Chinese labels a log line may carry (姓名 王老五, 卡号：D37150201, "社会保障号码":"…"), with a
 * colon, an equals sign or only a space between; then, anywhere, 18-character 社会保障号码 / ID
 * numbers, 卡号 (a capital letter and eight digits, and a tenth digit or capital letter when there is
 * one: M12345678X; on their own: not the tail of a setl_id such
 * as DEMO01-S00000001), runs of 9 or more digits (account numbers) and long token-like strings
 * (ecTokens) are masked. A msgid (institution code, yyyyMMddHHmmss, 4-digit sequence) and a
 * {@code key=value} pair are not taken for a number or a token. It errs towards masking too
 * much. A birth date field ({@code brdy}) is masked whole, as it would give back the middle of an
 * ID number masked beside it. Idempotent: masked values are never matched again.
 */
public final class PersonalDataScrubber {

    private static final String NAME_FIELDS = "psn_name|name|patn_name|insu_name|emp_name|opter_name|cashier_name";
    private static final String CARD_FIELDS = "card|card_no|cardno";
    private static final String NUMBER_FIELDS = "certno|cert_no|psn_cert_no|mdtrt_cert_no|psn_no|card_sn|cardsn"
            + "|ectoken|ec_token|eccode|ec_code|token|idcard|id_card|id_no|phone|tel|mob";
    /** A birth date beside a masked ID number would give back the digits the mask hides. */
    private static final String DATE_FIELDS = "brdy|birthday|birth_date|birthdate|csrq";
    /** Chinese labels, longest first (a label inside a longer one must not cut its value short). */
    private static final String NAME_LABELS = "姓名";
    private static final String CARD_LABELS = "社会保障卡卡号|社会保障卡号|社保卡卡号|社保卡号|卡号";
    private static final String NUMBER_LABELS = "社会保障号码|社会保障号|公民身份号码|身份证号码|身份证号|证件号码|证件号|卡识别码"
            + "|人员编号|手机号码|手机号|联系电话|电话";
    private static final Pattern QUOTED_NAME = quoted(NAME_FIELDS);
    private static final Pattern BARE_NAME = bare(NAME_FIELDS);
    private static final Pattern QUOTED_CARD = quoted(CARD_FIELDS);
    private static final Pattern BARE_CARD = bare(CARD_FIELDS);
    private static final Pattern QUOTED_NUMBER = quoted(NUMBER_FIELDS);
    private static final Pattern BARE_NUMBER = bare(NUMBER_FIELDS);
    private static final Pattern QUOTED_DATE = quoted(DATE_FIELDS);
    private static final Pattern BARE_DATE = bare(DATE_FIELDS);
    private static final Pattern QUOTED_NAME_LABEL = quotedLabel(NAME_LABELS);
    private static final Pattern NAME_LABEL = label(NAME_LABELS);
    private static final Pattern QUOTED_CARD_LABEL = quotedLabel(CARD_LABELS);
    private static final Pattern CARD_LABEL = label(CARD_LABELS);
    private static final Pattern QUOTED_NUMBER_LABEL = quotedLabel(NUMBER_LABELS);
    private static final Pattern NUMBER_LABEL = label(NUMBER_LABELS);
    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])\\d{17}[0-9Xx](?![0-9A-Za-z])");
    private static final Pattern CARD_SHAPE = Pattern.compile("[A-Z]\\d{8}");
    /** A 卡号 (9 or 10 characters) standing on its own: not joined by '-' or '_' to an id it ends (DEMO01-S00000001). */
    private static final Pattern CARD_NUMBER = Pattern.compile("(?<![0-9A-Za-z_-])[A-Z]\\d{8}[0-9A-Z]?(?![0-9A-Za-z_-])");
    /** A msgid: a fixmedins_code (a letter, 11 digits), yyyyMMddHHmmss, a 4-digit sequence. */
    private static final String MSGID = "[A-Z]\\d{11}20\\d{2}[01]\\d[0-3]\\d[0-2]\\d[0-5]\\d[0-5]\\d\\d{4}(?![0-9A-Za-z])";
    /** A fixmedins_code (定点机构编码: H or P and 11 digits), the institution's, not a person's. */
    private static final String FIXMEDINS_CODE = "[HP]\\d{11}(?![0-9A-Za-z])";
    private static final Pattern LONG_DIGITS = Pattern.compile(
            "(?<![0-9A-Za-z.])(?!" + MSGID + ")(?!" + FIXMEDINS_CODE + ")[A-Za-z]{0,2}\\d{9,}[A-Za-z]?(?![0-9A-Za-z])");
    /** Base64 / base64url text of 24+ characters with a letter and a digit; '=' only as padding, so key=value is not one. */
    private static final Pattern TOKEN = Pattern.compile(
            "(?<![A-Za-z0-9_+/-])(?!" + MSGID + ")(?=[A-Za-z0-9_+/-]*\\d)(?=[A-Za-z0-9_+/-]*[A-Za-z])[A-Za-z0-9_+/-]{24,}={0,2}");

    private PersonalDataScrubber() {
    }

    /** {@code text} with every personal value masked. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) return "";
        String out = replace(QUOTED_NAME, text, PersonalDataScrubber::maskName);
        out = replace(BARE_NAME, out, PersonalDataScrubber::maskName);
        out = replace(QUOTED_NAME_LABEL, out, PersonalDataScrubber::maskName);
        out = replace(NAME_LABEL, out, PersonalDataScrubber::maskName);
        out = replace(QUOTED_DATE, out, PersonalDataScrubber::maskDate);
        out = replace(BARE_DATE, out, PersonalDataScrubber::maskDate);
        out = replace(QUOTED_CARD, out, PersonalDataScrubber::maskCard);
        out = replace(BARE_CARD, out, PersonalDataScrubber::maskCard);
        out = replace(QUOTED_CARD_LABEL, out, PersonalDataScrubber::maskCard);
        out = replace(CARD_LABEL, out, PersonalDataScrubber::maskCard);
        out = replace(QUOTED_NUMBER, out, PersonalDataScrubber::maskNumber);
        out = replace(BARE_NUMBER, out, PersonalDataScrubber::maskNumber);
        out = replace(QUOTED_NUMBER_LABEL, out, PersonalDataScrubber::maskNumber);
        out = replace(NUMBER_LABEL, out, PersonalDataScrubber::maskNumber);
        out = replaceWhole(ID_NUMBER, out, PersonalDataScrubber::maskNumber);
        out = replaceWhole(CARD_NUMBER, out, PersonalDataScrubber::maskCard);
        out = replaceWhole(LONG_DIGITS, out, PersonalDataScrubber::maskNumber);
        return replaceWhole(TOKEN, out, PersonalDataScrubber::maskNumber);
    }

    /**
     * {@code text} with every personal value masked, and every occurrence of {@code names} too:
     * the names of the people {@code text} is about, known from elsewhere (a claim's own payload),
     * for free text that quotes a name without a label (参保人张三丰已暂停参保). Names shorter
     * than two characters are not looked for (one character is not a name to find in prose).
     */
    public static String scrub(String text, Collection<String> names) {
        if (text == null || text.isEmpty()) return "";
        String out = text;
        for (String name : names) {
            String n = name == null ? "" : name.strip();
            if (n.codePointCount(0, n.length()) >= 2) out = out.replace(n, maskName(n));
        }
        return scrub(out);
    }

    /** The masked name: first and last character kept (张*三, 张*, *). */
    public static String maskName(String value) {
        int[] cps = value.strip().codePoints().toArray();
        if (cps.length <= 1) return cps.length == 0 ? "" : "*";
        StringBuilder sb = new StringBuilder().appendCodePoint(cps[0]);
        if (cps.length == 2) return sb.append('*').toString();
        return sb.append("*".repeat(cps.length - 2)).appendCodePoint(cps[cps.length - 1]).toString();
    }

    /** The masked date: every digit a star (****-**-**), so neither the year nor the day is left. */
    static String maskDate(String value) {
        return value.strip().replaceAll("\\d", "*");
    }

    /**
     * The masked number or token, as the terminal's own masking shows one: first and last four
     * kept, a shorter one a quarter of its length at each end (a 11-digit 手机号 13*******78, not
     * 1381***5678 with 8 of its 11 digits), so that at least half is hidden; 8 or fewer masked
     * whole; a value shaped like a 卡号 (mdtrt_cert_no of a card) as {@link #maskCard}.
     */
    public static String maskNumber(String value) {
        if (CARD_SHAPE.matcher(value.strip()).matches()) return maskCard(value);
        int[] cps = value.strip().codePoints().toArray();
        if (cps.length <= 8) return "*".repeat(cps.length);
        int keep = Math.min(4, cps.length / 4);
        return new String(cps, 0, keep) + "*".repeat(cps.length - 2 * keep) + new String(cps, cps.length - keep, keep);
    }

    /**
     * The masked 卡号: first character and last two kept (D******01), as the terminal shows a
     * card; first and last four would leave 8 of its 9 characters. 5 or fewer masked whole (D**34 would
     * leave 3 of 5), so that at least half is hidden.
     */
    public static String maskCard(String value) {
        int[] cps = value.strip().codePoints().toArray();
        if (cps.length < 6) return "*".repeat(cps.length);
        return new String(cps, 0, 1) + "*".repeat(cps.length - 3) + new String(cps, cps.length - 2, 2);
    }

    /** {@code "field": "value"} or {@code field: "value"}: group 1 up to the quote, group 2 the value. */
    private static Pattern quoted(String names) {
        return Pattern.compile("(?i)(\"?\\b(?:" + names + ")\\b\"?\\s*[:=]\\s*\")([^\"]+)");
    }

    /** {@code field: value} or {@code field=value} unquoted: group 2 the value up to a space or separator. */
    private static Pattern bare(String names) {
        return Pattern.compile("(?i)(\\b(?:" + names + ")\\b\\s*[:=]\\s*)([^\\s\",}\\]&;]+)");
    }

    /** {@code "标签": "value"} (a Chinese label; no word boundary exists before a CJK character). */
    private static Pattern quotedLabel(String labels) {
        return Pattern.compile("(\"?(?:" + labels + ")\"?\\s*[:=：]\\s*\")([^\"]+)");
    }

    /**
     * {@code 标签：value}, {@code 标签=value} or {@code 标签 value}: group 2 the value, up to a
     * space or a separator (Chinese punctuation included). A label followed directly by more
     * text (姓名不能为空) is not one.
     */
    private static Pattern label(String labels) {
        return Pattern.compile("((?:" + labels + ")(?:[ \\t]*[:=：][ \\t]*|[ \\t]+))([^\\s\",}\\]&;，。、；：）)]+)");
    }

    private static String replace(Pattern pattern, String text, UnaryOperator<String> mask) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            String value = m.group(2);
            String masked = SecretScrubber.REMOVED.equals(value) ? value : mask.apply(value); // removed already: nothing to mask
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + masked));
        }
        return m.appendTail(sb).toString();
    }

    private static String replaceWhole(Pattern pattern, String text, UnaryOperator<String> mask) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(mask.apply(m.group())));
        }
        return m.appendTail(sb).toString();
    }
}
