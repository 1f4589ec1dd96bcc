package org.yibao.terminal.files;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One fault in an otherwise valid catalogue or code-map file, each kind the README's "Catalogue
 * and 对照 code map" (and the 11xx codes) names, with the code and the place (line, column) the
 * refusal must name. A fault is made on the data lines (in header order) or on the file's bytes.
 */
enum TsvFault {
    CODE_EMPTY("1106", true, false), VER_EMPTY("1106", true, false), BEGIN_EMPTY("1106", true, false),
    CLASS_B_RATIO_EMPTY("1106", true, false), UNKNOWN_CLASS("1107", true, false), BAD_LIST_TYPE("1107", true, true),
    BAD_FLAG("1107", true, false), RATIO_TEXT("1108", true, false), RATIO_ABOVE_ONE("1108", true, false),
    RATIO_NEGATIVE("1108", true, false), RATIO_FIVE_DECIMALS("1108", true, false), CLASS_A_NONZERO_RATIO("1108", true, false),
    CAP_NEGATIVE("1109", true, false), CAP_ZERO("1109", true, false), CAP_FIVE_DECIMALS("1109", true, false),
    CAP_TEXT("1109", true, false), DATE_FORMAT("1110", true, true), DATE_IMPOSSIBLE("1110", true, true),
    DATES_REVERSED("1111", true, true), OVERLAP("1112", true, false), DUPLICATE_LINE("1112", true, false),
    EXTRA_FIELD("1105", true, true), MISSING_FIELD("1105", true, true), MISSING_COLUMN("1104", false, true),
    DUPLICATE_COLUMN("1104", false, true), EMPTY_FILE("1104", false, true), HEADER_ONLY("1114", false, false),
    GBK_BYTES("1103", true, true), UTF16_FILE("1103", false, true), TRUNCATED_LINE("1105", true, true),
    TRUNCATED_ZIP("1101", false, true), TWO_ENTRIES_ZIP("1102", false, true),
    LOCAL_EMPTY("1106", true, true), NATIONAL_EMPTY("1106", true, true), MAPPING_CLASH("1113", true, true);

    static final List<TsvFault> CATALOG = Arrays.stream(values())
            .filter(f -> f != LOCAL_EMPTY && f != NATIONAL_EMPTY && f != MAPPING_CLASH).toList();
    static final List<TsvFault> CODEMAP = Arrays.stream(values()).filter(f -> f.codeMap).toList();
    private static final Charset GBK = Charset.forName("GBK");
    private static final String GBK_MARK = "\u0001GBK\u0001";

    final String code;
    /** True when the refusal names a data line. */
    final boolean located;
    final boolean codeMap;

    TsvFault(String code, boolean located, boolean codeMap) {
        this.code = code;
        this.located = located;
        this.codeMap = codeMap;
    }

    /** A faulty file: its bytes, the physical line and column the refusal must name (0 / null: none). */
    record Made(byte[] bytes, int line, String column, String otherLine) {}

    /**
     * Makes this fault in {@code lines} (valid, in {@code header} order, at least one) written with
     * {@code style}, at a random line. {@code entry} names the .tsv inside a zip.
     */
    Made make(List<String> header, List<List<String>> valid, TsvModel.Style style, String entry, Random r) {
        List<String> head = new ArrayList<>(header);
        List<List<String>> lines = new ArrayList<>();
        valid.forEach(l -> lines.add(new ArrayList<>(l)));
        TsvModel.Style plain = new TsvModel.Style(style.seed(), style.bom(), style.crlf(), style.extraColumn(), false,
                true, style.blankLine());
        int i = r.nextInt(lines.size());
        List<String> l = lines.get(i);
        String column = null;
        String other = null;
        switch (this) {
            case CODE_EMPTY -> column = set(head, l, "med_list_codg", "");
            case VER_EMPTY -> column = set(head, l, "ver", "null");
            case BEGIN_EMPTY -> column = set(head, l, "begndate", "");
            case CLASS_B_RATIO_EMPTY -> {
                set(head, l, "chrgitm_lv", "02");
                column = set(head, l, "selfpay_prop_310", r.nextBoolean() ? "null" : "");
            }
            case UNKNOWN_CLASS -> column = set(head, l, "chrgitm_lv", pick(r, "04", "1", "甲类", "00"));
            case BAD_LIST_TYPE -> column = set(head, l, "list_type", pick(r, "999", "10", "西药"));
            case BAD_FLAG -> column = set(head, l, "lmt_used_flag", pick(r, "2", "Y", "是"));
            case RATIO_TEXT -> column = set(head, l, "selfpay_prop_390", pick(r, "abc", "0,1", "１", "1e-1", "."));
            case RATIO_ABOVE_ONE -> column = set(head, l, "selfpay_prop_310", pick(r, "1.5", "1.0001", "2"));
            case RATIO_NEGATIVE -> column = set(head, l, "selfpay_prop_310", pick(r, "-0.1", "-0", "+0.1"));
            case RATIO_FIVE_DECIMALS -> column = set(head, l, "selfpay_prop_390", pick(r, "0.12345", "0.00001"));
            case CLASS_A_NONZERO_RATIO -> {
                set(head, l, "chrgitm_lv", "01");
                set(head, l, "selfpay_prop_390", "0");
                column = set(head, l, "selfpay_prop_310", pick(r, "0.1", "1", "0.0001"));
            }
            case CAP_NEGATIVE -> column = set(head, l, "pric_uplmt_amt", pick(r, "-1.00", "-0.01"));
            case CAP_ZERO -> column = set(head, l, "pric_uplmt_amt", pick(r, "0", "0.00", "0.0000"));
            case CAP_FIVE_DECIMALS -> column = set(head, l, "pric_uplmt_amt", pick(r, "1.00001", "0.00001"));
            case CAP_TEXT -> column = set(head, l, "pric_uplmt_amt", pick(r, "十元", "1,000", "abc", "1e3"));
            case DATE_FORMAT -> column = set(head, l, "begndate", pick(r, "2026/01/01", "2026-1-1", "260101", "2026-01-01T00:00"));
            case DATE_IMPOSSIBLE -> column = set(head, l, "begndate", pick(r, "2026-02-30", "20261301", "2025-02-29", "00000000"));
            case DATES_REVERSED -> {
                LocalDate begin = date(get(head, l, "begndate"));
                column = set(head, l, "enddate", begin.minusDays(1 + r.nextInt(30)).toString());
            }
            case OVERLAP, DUPLICATE_LINE, MAPPING_CLASH -> {
                List<String> copy = new ArrayList<>(l);
                if (this == OVERLAP) { // the same code over part of the same range
                    LocalDate begin = date(get(head, l, "begndate"));
                    set(head, copy, "begndate", begin.toString());
                    set(head, copy, "enddate", r.nextBoolean() ? begin.toString() : begin.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE));
                    set(head, copy, "ver", "1");
                }
                if (this == MAPPING_CLASH) set(head, copy, "med_list_codg", get(head, l, "med_list_codg") + "9");
                int at = r.nextInt(lines.size() + 1);
                lines.add(at, copy);
                int original = at <= i ? i + 1 : i;
                int later = Math.max(at, original);
                int earlier = Math.min(at, original);
                i = this == MAPPING_CLASH ? at : later; // a clash is named by both lines, the copy's among them
                other = this == MAPPING_CLASH ? null : "与第 " + TsvModel.physicalLine(earlier, lines.size(), plain) + " 行";
                column = this == MAPPING_CLASH ? "fixmedins_hilist_id" : "med_list_codg";
            }
            case LOCAL_EMPTY -> column = set(head, l, "fixmedins_hilist_id", pick(r, "", "null", "  "));
            case NATIONAL_EMPTY -> column = set(head, l, "med_list_codg", pick(r, "", "null"));
            case MISSING_COLUMN -> {
                int k = r.nextInt(head.size());
                column = head.remove(k);
                lines.forEach(x -> x.remove(k));
            }
            case DUPLICATE_COLUMN -> {
                int k = r.nextInt(head.size());
                column = head.get(k);
                head.add(column);
                lines.forEach(x -> x.add(x.get(k)));
            }
            case HEADER_ONLY -> lines.clear();
            case GBK_BYTES -> {
                column = head.contains("fixmedins_hilist_name") ? set(head, l, "fixmedins_hilist_name", GBK_MARK)
                        : set(head, l, "med_list_name", GBK_MARK);
                column = null; // the line is named; the column is not known while bytes are decoded
            }
            default -> { }
        }
        int line = located ? TsvModel.physicalLine(i, lines.size(), plain)
                : this == MISSING_COLUMN || this == DUPLICATE_COLUMN ? 1 : 0;
        byte[] text = TsvModel.render(head, lines, plain, entry);
        text = switch (this) {
            case EMPTY_FILE -> new byte[0];
            case GBK_BYTES -> replace(text, GBK_MARK.getBytes(StandardCharsets.UTF_8), "阿莫西林".getBytes(GBK));
            case UTF16_FILE -> new String(text, StandardCharsets.UTF_8).replace("\uFEFF", "").getBytes(StandardCharsets.UTF_16);
            case TRUNCATED_LINE -> truncatedInLine(text, line, r);
            case EXTRA_FIELD -> fields(text, line, r.nextBoolean() ? "\t" : "\t多余");
            case MISSING_FIELD -> fields(text, line, null);
            default -> text;
        };
        if (this == TRUNCATED_ZIP) {
            byte[] zip = TsvModel.zip(entry, text);
            return new Made(Arrays.copyOf(zip, 4 + r.nextInt(zip.length - 4)), 0, null, null);
        }
        if (this == TWO_ENTRIES_ZIP) return new Made(twoEntries(entry, text), 0, null, null);
        byte[] bytes = style.zipped() && this != EMPTY_FILE ? TsvModel.zip(entry, text) : text;
        return new Made(bytes, line, column, other);
    }

    /** Cuts the file inside line {@code line} (1-based), after its first character and before its last tab. */
    private static byte[] truncatedInLine(byte[] text, int line, Random r) {
        int start = 0;
        for (int n = 1; n < line; n++) start = indexOf(text, (byte) '\n', start) + 1;
        int lastTab = start;
        for (int k = start; k < text.length && text[k] != '\n'; k++) if (text[k] == '\t') lastTab = k;
        int cut = start + 1 + r.nextInt(Math.max(1, lastTab - start));
        while (cut > start + 1 && (text[cut] & 0xC0) == 0x80) cut--; // never inside a UTF-8 character,
        while (cut < text.length && (text[cut] & 0xC0) == 0x80) cut++; // also when the line starts with one (a name column first)
        return Arrays.copyOf(text, cut);
    }

    /** Line {@code line} (1-based) with {@code extra} added before its end, or (null) without its last field. */
    private static byte[] fields(byte[] text, int line, String extra) {
        String s = new String(text, StandardCharsets.UTF_8);
        int start = 0;
        for (int n = 1; n < line; n++) start = s.indexOf('\n', start) + 1;
        int end = s.indexOf('\n', start);
        if (end < 0) end = s.length();
        if (end > start && s.charAt(end - 1) == '\r') end--;
        String changed = extra != null ? s.substring(start, end) + extra : s.substring(start, s.lastIndexOf('\t', end - 1));
        return (s.substring(0, start) + changed + s.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] twoEntries(String entry, byte[] text) {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry(entry));
            zip.write(text);
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("说明.txt"));
            zip.write("第二个文件".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int k = from; k < b.length; k++) if (b[k] == x) return k;
        return b.length;
    }

    private static byte[] replace(byte[] text, byte[] what, byte[] with) {
        for (int k = 0; k + what.length <= text.length; k++) {
            if (Arrays.equals(text, k, k + what.length, what, 0, what.length)) {
                byte[] out = new byte[text.length - what.length + with.length];
                System.arraycopy(text, 0, out, 0, k);
                System.arraycopy(with, 0, out, k, with.length);
                System.arraycopy(text, k + what.length, out, k + with.length, text.length - k - what.length);
                return out;
            }
        }
        throw new IllegalStateException("marker not found");
    }

    private static String set(List<String> head, List<String> line, String column, String value) {
        line.set(head.indexOf(column), value);
        return column;
    }

    private static String get(List<String> head, List<String> line, String column) {
        return line.get(head.indexOf(column));
    }

    private static LocalDate date(String text) {
        return text.length() == 8 ? LocalDate.parse(text, java.time.format.DateTimeFormatter.BASIC_ISO_DATE) : LocalDate.parse(text);
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }
}
