package org.yibao.terminal.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The national catalogue and the 对照 code map as spec/policy-and-catalog.md and the README
 * ("Catalogue and 对照 code map") describe them: rows as plain values, generators of valid random
 * files (codes with several non-overlapping validity ranges, 甲/乙/丙 rows, ratios, caps, both
 * date forms, `null` or empty for empty, columns in any order with extra ones, BOM, CRLF, zipped)
 * and what a look-up on a date must give. Nothing here calls the terminal's code.
 */
final class TsvModel {
    static final List<String> CATALOG_COLUMNS = List.of("med_list_codg", "med_list_name", "list_type", "chrgitm_lv",
            "med_chrgitm_type", "selfpay_prop_310", "selfpay_prop_390", "pric_uplmt_amt", "lmt_used_flag", "begndate",
            "enddate", "ver");
    static final List<String> CODEMAP_COLUMNS = List.of("fixmedins_hilist_id", "fixmedins_hilist_name", "list_type",
            "med_list_codg", "begndate", "enddate");
    static final LocalDate ORIGIN = LocalDate.of(2025, 1, 1);
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd");

    private TsvModel() {}

    /** One catalogue row; a null ratio is written empty (甲/丙 only), a null cap or end is none. */
    record CatRow(String code, String name, String listType, String level, String chrgitmType, BigDecimal p310,
                  BigDecimal p390, BigDecimal cap, boolean restricted, LocalDate begin, LocalDate end, String ver) {
        boolean validOn(LocalDate d) {
            return !d.isBefore(begin) && (end == null || !d.isAfter(end));
        }

        /** The first self-pay ratio for the insutype: 0 when the file left it empty. */
        BigDecimal ratioFor(boolean resident) {
            BigDecimal r = resident ? p390 : p310;
            return r == null ? BigDecimal.ZERO : r;
        }

        List<String> values(Style s, int row) {
            return List.of(code, name, listType, level, chrgitmType, ratio(p310, s, row), ratio(p390, s, row),
                    cap == null ? s.empty(row) : cap.toPlainString(), restricted ? "1" : "0", s.date(begin, row),
                    end == null ? s.empty(row + 1) : s.date(end, row + 1), ver);
        }

        private static String ratio(BigDecimal r, Style s, int row) {
            return r == null ? s.empty(row) : r.toPlainString();
        }
    }

    record MapRow(String local, String name, String listType, String national, LocalDate begin, LocalDate end) {
        boolean validOn(LocalDate d) {
            return !d.isBefore(begin) && (end == null || !d.isAfter(end));
        }

        List<String> values(Style s, int row) {
            return List.of(local, name, listType, national, s.date(begin, row), end == null ? s.empty(row) : s.date(end, row));
        }
    }

    /** How a file is written: column order, extra columns, BOM, CRLF, date form, empty as `null` or nothing, zipped. */
    record Style(long seed, boolean bom, boolean crlf, boolean extraColumn, boolean zipped, boolean finalNewline,
                 boolean blankLine) {
        String empty(int row) {
            return (seed >>> (row % 31) & 1) == 0 ? "null" : "";
        }

        String date(LocalDate d, int row) {
            return (seed >>> ((row * 7) % 29) & 1) == 0 ? d.toString() : d.format(COMPACT);
        }

        List<Integer> order(int columns) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < columns; i++) order.add(i);
            Collections.shuffle(order, new Random(seed));
            return order;
        }
    }

    record Catalog(List<CatRow> rows) {
        Optional<CatRow> find(String code, LocalDate date) {
            return rows.stream().filter(r -> r.code().equals(code) && r.validOn(date)).findFirst();
        }

        /** The largest {@code ver}; every ver here is digits without a leading zero, compared as a number. */
        String version() {
            return rows.stream().map(CatRow::ver).max(Comparator.comparing(BigDecimal::new)).orElseThrow();
        }

        List<String> codes() {
            return rows.stream().map(CatRow::code).distinct().toList();
        }
    }

    record CodeMap(List<MapRow> rows) {
        Optional<String> nationalCode(String local, LocalDate date) {
            return rows.stream().filter(r -> r.local().equals(local) && r.validOn(date)).map(MapRow::national).findFirst();
        }

        List<String> locals() {
            return rows.stream().map(MapRow::local).distinct().toList();
        }
    }

    /** A catalogue and a code map whose national codes are mostly the catalogue's. */
    record Tables(Catalog catalog, CodeMap codeMap) {}

    // ---------------------------------------------------------------- generation

    static Arbitrary<Tables> tables() {
        return catalogs().flatMap(c -> codeMaps(c.codes()).map(m -> new Tables(c, m)));
    }

    static Arbitrary<Style> styles() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.of(false, false, true), Arbitraries.of(true, true, false),
                Arbitraries.of(false, false, true)).as(Style::new);
    }

    /** Validity ranges of one code, in order, never sharing a day; the last may be open. */
    static Arbitrary<List<LocalDate[]>> ranges() {
        return Combinators.combine(Arbitraries.integers().between(0, 500),
                Arbitraries.integers().between(0, 200).list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.integers().between(1, 60).list().ofSize(3), Arbitraries.of(true, false))
                .as((start, lengths, gaps, open) -> {
                    List<LocalDate[]> out = new ArrayList<>();
                    LocalDate begin = ORIGIN.plusDays(start);
                    for (int i = 0; i < lengths.size(); i++) {
                        LocalDate end = begin.plusDays(lengths.get(i));
                        boolean last = i == lengths.size() - 1;
                        out.add(new LocalDate[] {begin, last && open ? null : end});
                        begin = end.plusDays(gaps.get(i));
                    }
                    return out;
                });
    }

    static Arbitrary<Catalog> catalogs() {
        return Arbitraries.integers().between(1, 8).flatMap(codes -> codeRows(codes).map(lists -> {
            List<CatRow> rows = new ArrayList<>();
            lists.forEach(rows::addAll);
            return rows;
        })).flatMap(rows -> Arbitraries.shuffle(rows)).map(Catalog::new);
    }

    private static Arbitrary<List<List<CatRow>>> codeRows(int codes) {
        List<Arbitrary<List<CatRow>>> perCode = new ArrayList<>();
        for (int i = 0; i < codes; i++) {
            String code = "X" + "ABC".charAt(i % 3) + String.format("%019d", 7_000_000L + i * 131L);
            perCode.add(ranges().flatMap(rs -> catRow(code).list().ofSize(rs.size()).map(rows -> {
                List<CatRow> out = new ArrayList<>();
                for (int k = 0; k < rs.size(); k++) {
                    CatRow r = rows.get(k);
                    out.add(new CatRow(code, r.name(), r.listType(), r.level(), r.chrgitmType(), r.p310(), r.p390(), r.cap(),
                            r.restricted(), rs.get(k)[0], rs.get(k)[1], r.ver()));
                }
                return out;
            })));
        }
        return Combinators.combine(perCode).as(l -> l);
    }

    private static Arbitrary<CatRow> catRow(String code) {
        Arbitrary<String> level = Arbitraries.of("01", "02", "03");
        return level.flatMap(lv -> Combinators.combine(
                Arbitraries.of("阿莫西林胶囊", "复方丹参滴丸", "维生素C片", "布洛芬缓释胶囊", "板蓝根颗粒"),
                Arbitraries.of("101", "102", "201", "301"), Arbitraries.of("09", "10", "11", "14"),
                ratioFor(lv), ratioFor(lv), capValue(), Arbitraries.of(true, false),
                Arbitraries.longs().between(1, 999_999_999L).map(String::valueOf))
                .as((name, listType, type, p310, p390, cap, restricted, ver) -> new CatRow(code, name, listType, lv, type,
                        p310, p390, cap, restricted, ORIGIN, null, ver)));
    }

    /** 甲类: 0 or empty; 乙类: a ratio in [0,1] with up to 4 decimals; 丙类: either. */
    private static Arbitrary<BigDecimal> ratioFor(String level) {
        Arbitrary<BigDecimal> ratio = PolicyModel.ratio();
        return switch (level) {
            case "01" -> Arbitraries.of(BigDecimal.ZERO, new BigDecimal("0.00")).injectNull(0.4);
            case "02" -> ratio;
            default -> ratio.injectNull(0.4);
        };
    }

    private static Arbitrary<BigDecimal> capValue() {
        return Arbitraries.integers().between(1, 3_000_000).map(n -> BigDecimal.valueOf(n, 4).stripTrailingZeros())
                .map(d -> d.scale() < 0 ? d.setScale(0) : d).injectNull(0.5);
    }

    static Arbitrary<CodeMap> codeMaps(List<String> nationalCodes) {
        Arbitrary<String> national = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(nationalCodes)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("XZ9999999999999999999")));
        return Arbitraries.integers().between(0, 6).flatMap(n -> {
            List<Arbitrary<List<MapRow>>> perLocal = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String local = "P" + String.format("%04d", i + 1);
                perLocal.add(Combinators.combine(ranges(), national.list().ofSize(3), Arbitraries.of(true, false, false))
                        .as((rs, nats, overlapAgreeing) -> {
                            List<MapRow> out = new ArrayList<>();
                            for (int k = 0; k < rs.size(); k++) {
                                out.add(new MapRow(local, "本地药品" + local, "101", nats.get(k), rs.get(k)[0], rs.get(k)[1]));
                            }
                            if (overlapAgreeing) { // allowed: an overlapping row mapping to the same national code
                                MapRow first = out.getFirst();
                                out.add(new MapRow(local, first.name(), "101", first.national(), first.begin(), first.begin()));
                            }
                            return out;
                        }));
            }
            return Combinators.combine(perLocal).as(lists -> {
                List<MapRow> rows = new ArrayList<>();
                lists.forEach(rows::addAll);
                return rows;
            });
        }).flatMap(Arbitraries::shuffle).map(CodeMap::new);
    }

    // ---------------------------------------------------------------- the files

    /** The data lines, in header order (a fault changes one of them). */
    static List<List<String>> catalogLines(Catalog c, Style s) {
        List<List<String>> lines = new ArrayList<>();
        for (int i = 0; i < c.rows().size(); i++) lines.add(new ArrayList<>(c.rows().get(i).values(s, i)));
        return lines;
    }

    static List<List<String>> codeMapLines(CodeMap m, Style s) {
        List<List<String>> lines = new ArrayList<>();
        for (int i = 0; i < m.rows().size(); i++) lines.add(new ArrayList<>(m.rows().get(i).values(s, i)));
        return lines;
    }

    /** The file's bytes: header and lines with the style's column order, extra column, BOM, line ends and zip. */
    static byte[] render(List<String> header, List<List<String>> lines, Style s, String entryName) {
        List<Integer> order = s.order(header.size());
        String nl = s.crlf() ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder();
        if (s.bom()) text.append('\uFEFF');
        text.append(line(header, order, s.extraColumn() ? "remark" : null)).append(nl);
        for (int i = 0; i < lines.size(); i++) {
            if (s.blankLine() && i == lines.size() / 2) text.append(nl);
            text.append(line(lines.get(i), order, s.extraColumn() ? "备注" + i : null));
            if (i < lines.size() - 1 || s.finalNewline()) text.append(nl);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        return s.zipped() ? zip(entryName, bytes) : bytes;
    }

    /** The physical line number of data line {@code i} (0-based) in a file written with {@code s}. */
    static int physicalLine(int i, int lines, Style s) {
        return i + 2 + (s.blankLine() && i >= lines / 2 ? 1 : 0);
    }

    private static String line(List<String> values, List<Integer> order, String extra) {
        List<String> out = new ArrayList<>();
        for (int k : order) out.add(values.get(k));
        if (extra != null) out.add(out.size() / 2, extra);
        return String.join("\t", out);
    }

    static byte[] zip(String entry, byte[] content) {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
