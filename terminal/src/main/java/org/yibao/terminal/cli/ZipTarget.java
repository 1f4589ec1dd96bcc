package org.yibao.terminal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The file a diagnostics zip replaces: nothing yet, or an earlier zip. Anything else there (a
 * mistyped {@code terminal.db} holding unsent claims, the run file, a certificate, {@code /dev/null})
 * is refused (1967) before anything is written: the export replaces its target by a rename.
 */
final class ZipTarget {
    /** A zip's first bytes: a local file header. */
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private ZipTarget() {
    }

    static void requireReplaceable(Path zip) throws IOException {
        if (!Files.exists(zip, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(zip, LinkOption.NOFOLLOW_LINKS)) {
            return; // nothing there, or a folder, which the write refuses naming it (是目录)
        }
        if (!Files.isRegularFile(zip, LinkOption.NOFOLLOW_LINKS) || !startsAsZip(zip)) {
            throw new FileSystemException(zip.toString(), null, "已存在且不是诊断包（zip），为免覆盖未写入；请换一个文件名");
        }
    }

    private static boolean startsAsZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return Arrays.equals(in.readNBytes(ZIP_MAGIC.length), ZIP_MAGIC);
        }
    }
}
