package org.yibao.terminal.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Long JSON text that a terminal keeps for good (a settlement's output, a msgid's answer) stored
 * zlib-compressed in its TEXT column. Such a value is about 1.9 KB: with the other columns each row
 * took a 4 KB page of its own, and the two tables grew by 8 KB per settlement for the life of the
 * device. Compressed (about 0.8 KB) four or five rows share a page.
 *
 * <p>A value shorter than {@link #COMPRESS_FROM} bytes stays plain text, and so does every value a
 * terminal wrote before this class: {@link #read} tells them apart by the value's SQLite type
 * (BLOB or TEXT), so no migration rewrites old rows. What is read back is the text written, byte
 * for byte (zlib carries a checksum; a damaged value is an {@link SQLException}, never wrong text).
 *
 * <p>One compressor serves the whole process: a new zlib state costs a few hundred µs, reusing one
 * about 15 µs for an answer of 1.9 KB (settlements are written one at a time anyway).
 */
public final class CompressedText {
    /** Shorter values are kept as text: zlib saves little on them. */
    static final int COMPRESS_FROM = 512;

    private static final Object LOCK = new Object();
    private static final Deflater DEFLATER = new Deflater(Deflater.DEFAULT_COMPRESSION);
    private static final Inflater INFLATER = new Inflater();

    private CompressedText() {
    }

    /** Binds {@code text} to parameter {@code index}: compressed when long, else as text. */
    public static void bind(PreparedStatement statement, int index, String text) throws SQLException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length < COMPRESS_FROM) statement.setString(index, text);
        else statement.setBytes(index, compress(utf8));
    }

    /** The text in {@code column} of the current row, written by {@link #bind} or as plain text. */
    public static String read(ResultSet row, String column) throws SQLException {
        return decode(row.getObject(column), column);
    }

    /** The text in column {@code index} of the current row, written by {@link #bind} or as plain text. */
    public static String read(ResultSet row, int index) throws SQLException {
        return decode(row.getObject(index), "#" + index);
    }

    private static String decode(Object value, String column) throws SQLException {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case byte[] compressed -> new String(decompress(compressed, column), StandardCharsets.UTF_8);
            default -> throw new SQLException("column " + column + " holds " + value.getClass().getSimpleName() + ", not text");
        };
    }

    static byte[] compress(byte[] utf8) {
        synchronized (LOCK) {
            DEFLATER.reset();
            DEFLATER.setInput(utf8);
            DEFLATER.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length / 2 + 64);
            byte[] buffer = new byte[4096];
            while (!DEFLATER.finished()) out.write(buffer, 0, DEFLATER.deflate(buffer));
            return out.toByteArray();
        }
    }

    static byte[] decompress(byte[] compressed, String column) throws SQLException {
        synchronized (LOCK) {
            INFLATER.reset();
            INFLATER.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 3);
            byte[] buffer = new byte[4096];
            try {
                while (!INFLATER.finished()) {
                    int n = INFLATER.inflate(buffer);
                    if (n == 0 && (INFLATER.needsInput() || INFLATER.needsDictionary())) {
                        throw new SQLException("column " + column + " holds a compressed value that ends early");
                    }
                    out.write(buffer, 0, n);
                }
            } catch (DataFormatException e) {
                throw new SQLException("column " + column + " holds a damaged compressed value: " + e.getMessage(), e);
            }
            if (INFLATER.getRemaining() > 0) throw new SQLException("column " + column + " holds bytes after its compressed value");
            return out.toByteArray();
        }
    }
}
