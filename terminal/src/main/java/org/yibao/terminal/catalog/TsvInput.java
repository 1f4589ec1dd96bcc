package org.yibao.terminal.catalog;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.yibao.terminal.domain.RefusedException;

/**
 * The text of a TSV file, plain or zipped with exactly one {@code .tsv} inside (found by the
 * zip signature, not the file name), decoded as strict UTF-8: a malformed byte sequence is
 * reported, never replaced. The SHA-256 covers the file's bytes exactly as given (the zip for
 * a zipped file); it is available after {@link #finish()}.
 */
final class TsvInput implements AutoCloseable {
    private static final int BUFFER = 1 << 16;
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private final Path path;
    private final DigestInputStream digestStream;
    private final ZipInputStream zip;
    private final InputStream text;
    private final Utf8LineReader reader;
    private final String displayName;

    private TsvInput(Path path, DigestInputStream digestStream, ZipInputStream zip, String entry,
                     InputStream text) {
        this.path = path;
        this.displayName = entry == null ? fileName(path) : fileName(path) + "!" + entry;
        this.digestStream = digestStream;
        this.zip = zip;
        this.text = text;
        this.reader = new Utf8LineReader(text);
    }

    /** Opens {@code path}; a missing or unreadable file, or a zip without a .tsv, is refused. */
    static TsvInput open(Path path) {
        InputStream raw = null;
        try {
            raw = Files.newInputStream(path);
            var digest = new DigestInputStream(new BufferedInputStream(raw, BUFFER), sha256());
            var buffered = new BufferedInputStream(digest, ZIP_MAGIC.length);
            if (!startsWithZipMagic(buffered)) {
                return new TsvInput(path, digest, null, null, buffered);
            }
            var zip = new ZipInputStream(buffered, StandardCharsets.UTF_8);
            String entry = positionOnTsv(path, zip);
            return new TsvInput(path, digest, zip, entry, zip);
        } catch (NoSuchFileException e) {
            closeQuietly(raw);
            throw new RefusedException(CatalogReason.FILE_UNREADABLE, "文件不存在：" + path);
        } catch (ZipException e) {
            closeQuietly(raw);
            throw new RefusedException(CatalogReason.BAD_ZIP, fileName(path) + "：" + e.getMessage());
        } catch (IOException e) {
            closeQuietly(raw);
            throw new RefusedException(CatalogReason.FILE_UNREADABLE, fileName(path) + "：" + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    /** The decoded text, positioned at the first line. */
    Utf8LineReader reader() {
        return reader;
    }

    /** The name used in refusals: the file name, plus {@code !entry.tsv} for a zip. */
    String displayName() {
        return displayName;
    }

    /**
     * Checks that a zip holds no second file, reads the rest of the file through the digest,
     * and returns the SHA-256 of the whole file in lower-case hex.
     */
    String finish() throws IOException {
        if (zip != null) {
            zip.closeEntry();
            for (ZipEntry next = zip.getNextEntry(); next != null; next = zip.getNextEntry()) {
                if (!next.isDirectory()) {
                    throw new RefusedException(CatalogReason.BAD_ZIP,
                            fileName(path) + "：除 .tsv 外还有 " + next.getName());
                }
            }
        }
        byte[] sink = new byte[BUFFER];
        while (digestStream.read(sink) >= 0) {
            // drain: the digest must cover every byte of the file
        }
        return HexFormat.of().formatHex(digestStream.getMessageDigest().digest());
    }

    @Override public void close() throws IOException {
        text.close();
    }

    static String fileName(Path path) {
        Path name = path.getFileName();
        return name == null ? path.toString() : name.toString();
    }

    private static boolean startsWithZipMagic(BufferedInputStream in) throws IOException {
        in.mark(ZIP_MAGIC.length);
        byte[] head = in.readNBytes(ZIP_MAGIC.length);
        in.reset();
        return Arrays.equals(head, ZIP_MAGIC);
    }

    private static String positionOnTsv(Path path, ZipInputStream zip) throws IOException {
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            if (entry.isDirectory()) continue;
            if (entry.getName().toLowerCase(Locale.ROOT).endsWith(".tsv")) return entry.getName();
            throw new RefusedException(CatalogReason.BAD_ZIP,
                    fileName(path) + "：压缩包内有非 .tsv 文件 " + entry.getName());
        }
        throw new RefusedException(CatalogReason.BAD_ZIP, fileName(path) + "：压缩包内没有 .tsv 文件");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) return;
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing with a clearer refusal
        }
    }
}
