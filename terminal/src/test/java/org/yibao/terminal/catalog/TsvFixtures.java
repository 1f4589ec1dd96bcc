package org.yibao.terminal.catalog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes catalogue and code-map files for tests: plain, zipped, BOM, CRLF. */
final class TsvFixtures {
    static final String CATALOG_HEADER = String.join("\t", CatalogColumns.ALL);
    static final String CODEMAP_HEADER = String.join("\t", CodeMapColumns.ALL);

    private TsvFixtures() {}

    /**
     * A catalogue line in header order: code, name, list_type, chrgitm_lv, med_chrgitm_type,
     * prop310, prop390, cap, flag, begin, end, ver.
     */
    static String cat(String code, String level, String p310, String p390, String cap,
                      String begin, String end, String ver) {
        return String.join("\t", code, "药品" + code, "101", level, "09", p310, p390, cap, "0",
                begin, end, ver);
    }

    static String map(String local, String national, String begin, String end) {
        return String.join("\t", local, "本地" + local, "101", national, begin, end);
    }

    static Path write(Path dir, String name, String header, List<String> lines) throws IOException {
        return write(dir, name, header + "\n" + String.join("\n", lines) + "\n");
    }

    static Path write(Path dir, String name, String text) throws IOException {
        return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    static Path zip(Path dir, String name, String... entriesAndTexts) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); var zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entriesAndTexts.length; i += 2) {
                zip.putNextEntry(new ZipEntry(entriesAndTexts[i]));
                zip.write(entriesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }
}
