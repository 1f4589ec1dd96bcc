package org.yibao.terminal.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The file a diagnostics zip replaces: nothing yet, or an earlier diagnostics zip (a zip holding
 * {@code selftest.json} and only the entries an export writes). Anything else there (a mistyped
 * {@code terminal.db} holding unsent claims, the run file, a certificate, another program's zip or
 * spreadsheet, a device node) is refused (1967) before anything is written: the export replaces
 * its target by a rename.
 */
final class ZipTarget {
    /** The entries an export writes ({@code DiagnosticsExport}). */
    private static final Pattern EXPORT_ENTRY = Pattern.compile("logs/.+|config/.+|versions\\.json|backlog\\.json|selftest\\.json|trimmed\\.txt");

    private ZipTarget() {
    }

    static void requireReplaceable(Path zip) throws IOException {
        if (!Files.exists(zip, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(zip, LinkOption.NOFOLLOW_LINKS)) {
            return; // nothing there, or a folder, which the write refuses naming it (是目录)
        }
        if (!Files.isRegularFile(zip, LinkOption.NOFOLLOW_LINKS) || !isDiagnosticsZip(zip)) {
            throw new FileSystemException(zip.toString(), null, "已存在且不是诊断包（zip），为免覆盖未写入；请换一个文件名");
        }
    }

    private static boolean isDiagnosticsZip(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            return names.contains("selftest.json") && names.stream().allMatch(name -> EXPORT_ENTRY.matcher(name).matches());
        } catch (IOException notAZip) {
            return false;
        }
    }
}
