package org.yibao.bench.catalog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a valid national-style catalogue TSV of {@code rows} rows, deterministic for a seed:
 * Chinese names, all three charge levels, every tenth code with a second, later row (so date
 * ranges and the overlap check are exercised), price caps on a third of the rows.
 */
public final class CatalogFileGenerator {
    static final String HEADER = "med_list_codg\tmed_list_name\tlist_type\tchrgitm_lv\tmed_chrgitm_type"
            + "\tselfpay_prop_310\tselfpay_prop_390\tpric_uplmt_amt\tlmt_used_flag\tbegndate\tenddate\tver";
    private static final String[] NAMES = {"阿莫西林胶囊", "布洛芬缓释胶囊", "复方甘草片", "板蓝根颗粒",
        "盐酸二甲双胍片", "硝苯地平控释片", "头孢克肟分散片", "连花清瘟胶囊"};

    private CatalogFileGenerator() {}

    /** Writes the file and returns it. */
    public static Path write(Path file, int rows, long seed) throws IOException {
        var random = new SplittableRandom(seed);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            int written = 0;
            for (int code = 0; written < rows; code++) {
                String codg = code(code);
                boolean twoRows = code % 10 == 0 && written + 2 <= rows;
                out.write(line(random, codg, "2024-01-01", twoRows ? "2025-12-31" : "null", "20240101"));
                written++;
                if (twoRows) {
                    out.write(line(random, codg, "2026-01-01", "null", "20260101"));
                    written++;
                }
            }
        }
        return file;
    }

    /** {@code count} codes that exist in a file of {@code rows} rows, in a seeded random order. */
    public static String[] sampleCodes(int rows, int count, long seed) {
        int codesInFile = rows * 10 / 11;
        var random = new SplittableRandom(seed);
        String[] codes = new String[count];
        for (int i = 0; i < count; i++) codes[i] = code(random.nextInt(codesInFile));
        return codes;
    }

    private static String code(int n) {
        return String.format("X%s%09d", (char) ('A' + n % 26), n);
    }

    private static String line(SplittableRandom random, String code, String begin, String end, String ver) {
        int level = random.nextInt(3) + 1;
        String p310 = level == 1 ? "0" : level == 2 ? "0.1" + random.nextInt(10) : "1";
        String p390 = level == 1 ? "0" : level == 2 ? "0.2" : "1";
        String cap = random.nextInt(3) == 0 ? (random.nextInt(9999) + 1) + "." + random.nextInt(100) : "null";
        return code + '\t' + NAMES[random.nextInt(NAMES.length)] + '\t' + "101\t0" + level + "\t09\t"
                + p310 + '\t' + p390 + '\t' + cap + '\t' + random.nextInt(2) + '\t' + begin + '\t' + end
                + '\t' + ver + '\n';
    }
}
