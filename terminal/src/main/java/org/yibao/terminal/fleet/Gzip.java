package org.yibao.terminal.fleet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Gzip for the catalogue kept as a delta base: compressed from its staged file, read back as a stream. */
final class Gzip {
    private Gzip() {
    }

    /** {@code file} gzipped, read a block at a time (a whole catalogue is never on the heap as it is). */
    static byte[] compress(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            Files.copy(file, gz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A stream of {@code gz} decompressed. */
    static InputStream reading(byte[] gz) throws IOException {
        return new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16);
    }
}
