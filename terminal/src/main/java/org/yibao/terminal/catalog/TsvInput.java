package org.yibao.terminal.catalog;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.yibao.terminal.store.FileProblem;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;

/**
 * The text of a TSV file, plain or zipped with exactly one {@code .tsv} inside (found by the
 * zip signature {@code PK 3 4}, or {@code PK 5 6} for an empty zip, not the file name), decoded as
 * strict UTF-8: a malformed byte sequence is reported, never replaced. The SHA-256 covers the
 * file's bytes exactly as given (the zip for a zipped file); it is available after
 * {@link #finish()}.
 *
 * <p>A zip is read twice over: its central directory (at the end) must be there and name exactly
 * one .tsv, and the entry is then streamed by its local header, which checks its CRC and sizes.
 * A zip without its central directory is refused although its entry might check out: a missing
 * directory almost always means a file cut short, and a cut inside a second entry's local header
 * would otherwise pass unseen. A damaged zip is refused 1101 (压缩包已损坏，…), not 1102, which
 * is about what a sound zip holds.
 */
final class TsvInput implements AutoCloseable {
    private static final int BUFFER = 1 << 16;
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ZIP_MAGIC = {'P', 'K', 5, 6};

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
            String entry = soleTsv(path);
            var zip = new ZipInputStream(buffered, StandardCharsets.UTF_8);
            positionOn(entry, zip);
            return new TsvInput(path, digest, zip, entry, DamagedZipException.guard(zip));
        } catch (DamagedZipException e) {
            closeQuietly(raw);
            throw damaged(path, e);
        } catch (ZipException | EOFException e) {
            closeQuietly(raw);
            throw damaged(path, DamagedZipException.of(e));
        } catch (IOException e) {
            closeQuietly(raw);
            throw unreadable(path, e);
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
     * Checks that a zip's local headers hold no second file (its central directory named one),
     * reads the rest of the file through the digest, and returns the SHA-256 of the whole file in
     * lower-case hex.
     */
    String finish() throws IOException {
        if (zip != null) {
            try {
                zip.closeEntry();
                for (ZipEntry next = zip.getNextEntry(); next != null; next = zip.getNextEntry()) {
                    if (!next.isDirectory()) {
                        throw new DamagedZipException("本地文件头与中央目录不一致");
                    }
                }
            } catch (ZipException | EOFException e) {
                throw DamagedZipException.of(e);
            }
        }
        byte[] sink = new byte[BUFFER];
        while (digestStream.read(sink) >= 0) {
            // drain: the digest must cover every byte of the file
        }
        return HexFormat.of().formatHex(digestStream.getMessageDigest().digest());
    }

    /**
     * After a refusal of the content of a zipped file: whether the zip is damaged after all, found
     * by reading the rest of the entry to its CRC check. A flipped bit in a stored entry's header
     * line would otherwise be refused as a bad header (1104) rather than a damaged zip.
     */
    Optional<DamagedZipException> damage() {
        if (zip == null) return Optional.empty();
        try {
            text.transferTo(OutputStream.nullOutputStream());
            return Optional.empty();
        } catch (DamagedZipException e) {
            return Optional.of(e);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override public void close() throws IOException {
        text.close();
    }

    static String fileName(Path path) {
        Path name = path.getFileName();
        return name == null ? path.toString() : name.toString();
    }

    /** The refusal of a damaged zip: 1101 with what is wrong in Chinese. */
    static RefusedException damaged(Path path, DamagedZipException e) {
        return new RefusedException(new Refusal(CatalogReason.FILE_UNREADABLE,
                fileName(path) + "：压缩包已损坏，" + e.getMessage()), e);
    }

    /** The refusal of a file that cannot be read: 1101 naming the file and why, in Chinese. */
    static RefusedException unreadable(Path path, IOException e) {
        return new RefusedException(new Refusal(CatalogReason.FILE_UNREADABLE,
                path + "：" + FileProblem.unreadable(path, e)), e);
    }

    private static boolean startsWithZipMagic(BufferedInputStream in) throws IOException {
        in.mark(ZIP_MAGIC.length);
        byte[] head = in.readNBytes(ZIP_MAGIC.length);
        in.reset();
        return Arrays.equals(head, ZIP_MAGIC) || Arrays.equals(head, EMPTY_ZIP_MAGIC);
    }

    /**
     * The one .tsv the zip's central directory names; 1102 when it names none, another file, or
     * more; damaged when there is no readable central directory.
     */
    private static String soleTsv(Path path) throws IOException {
        List<String> files;
        try (ZipFile directory = new ZipFile(path.toFile(), StandardCharsets.UTF_8)) {
            files = directory.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).toList();
        } catch (ZipException e) {
            throw DamagedZipException.of(e);
        }
        if (files.isEmpty()) {
            throw new RefusedException(CatalogReason.BAD_ZIP, fileName(path) + "：压缩包内没有 .tsv 文件");
        }
        String first = files.getFirst();
        if (!first.toLowerCase(Locale.ROOT).endsWith(".tsv")) {
            throw new RefusedException(CatalogReason.BAD_ZIP, fileName(path) + "：压缩包内有非 .tsv 文件 " + first);
        }
        if (files.size() > 1) {
            throw new RefusedException(CatalogReason.BAD_ZIP, fileName(path) + "：除 .tsv 外还有 " + files.get(1));
        }
        return first;
    }

    /** Streams {@code zip} to the local entry the central directory named; damaged when it is not the first file. */
    private static void positionOn(String name, ZipInputStream zip) throws IOException {
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            if (entry.isDirectory()) continue;
            if (entry.getName().equals(name)) return;
            break;
        }
        throw new DamagedZipException("本地文件头与中央目录不一致");
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
