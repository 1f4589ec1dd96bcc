package org.yibao.terminal.fleet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Gzip for the catalogue kept as a delta base: compressed from its staged file (or the .tsv in it), read back as a stream. */
final class Gzip {
    private Gzip() {
    }

    /** {@code file} gzipped, read a block at a time (a whole catalogue is never on the heap as it is). */
    static byte[] compress(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return compress(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one file in the zip {@code file}, gzipped (the importer has checked it holds exactly one .tsv, whole). */
    static byte[] compressSoleEntry(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            ZipEntry entry = zip.stream().filter(e -> !e.isDirectory()).findFirst()
                    .orElseThrow(() -> new IOException(file + " holds no file"));
            try (InputStream in = zip.getInputStream(entry)) {
                return compress(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] compress(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            in.transferTo(gz);
        }
        return out.toByteArray();
    }

    /** A stream of {@code gz} decompressed. */
    static InputStream reading(byte[] gz) throws IOException {
        return new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16);
    }
}
