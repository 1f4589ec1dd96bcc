package org.yibao.terminal.catalog;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipException;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;

/**
 * Streams the data lines of one TSV file to a handler, one {@link TsvRow} at a time, after
 * checking the header. A leading BOM is dropped; CRLF and LF line ends are both accepted;
 * blank lines are skipped; a line with a different number of fields than the header is
 * refused. Nothing is kept in memory beyond the current line. A header with no data lines is
 * a valid read of 0 rows: whether that is allowed is the caller's rule (a catalogue, no; a code
 * map, yes).
 */
final class TsvReader {
    /** Receives each data line; may throw a located {@link RefusedException}. */
    @FunctionalInterface
    interface RowHandler {
        void row(TsvRow row);
    }

    /** What a complete read saw: the file name, SHA-256 of its bytes and its data-line count. */
    record Scan(String fileName, String sha256, long rows) {}

    private TsvReader() {}

    /** Reads {@code path} completely; refuses bad files with a located 11xx refusal. */
    static Scan read(Path path, List<String> columns, RowHandler handler) {
        try (TsvInput input = TsvInput.open(path)) {
            long rows;
            try {
                rows = readLines(input, columns, handler);
            } catch (RefusedException e) {
                throw input.damage().map(damage -> TsvInput.damaged(path, damage)).orElse(e);
            }
            return new Scan(TsvInput.fileName(path), input.finish(), rows);
        } catch (CharacterCodingException e) {
            throw notUtf8(TsvInput.fileName(path), 0, e);
        } catch (DamagedZipException e) {
            throw TsvInput.damaged(path, e);
        } catch (ZipException | EOFException e) {
            throw TsvInput.damaged(path, DamagedZipException.of(e));
        } catch (IOException e) {
            throw TsvInput.unreadable(path, e);
        }
    }

    private static long readLines(TsvInput input, List<String> columns, RowHandler handler) throws IOException {
        String name = input.displayName();
        var reader = input.reader();
        long lineNumber = 1;
        String first;
        try {
            first = reader.readLine();
        } catch (CharacterCodingException e) {
            throw notUtf8(name, lineNumber, e);
        } catch (Utf8LineReader.LineTooLongException e) {
            throw tooLong(name, lineNumber);
        }
        if (first == null) throw new RefusedException(CatalogReason.BAD_HEADER, name + "：文件为空，没有表头");
        if (!first.isEmpty() && first.charAt(0) == '\uFEFF') first = first.substring(1);
        TsvHeader header = TsvHeader.parse(first, columns, name);
        long rows = 0;
        while (true) {
            lineNumber++;
            String[] fields;
            try {
                fields = reader.readFields();
            } catch (CharacterCodingException e) {
                throw notUtf8(name, lineNumber, e);
            } catch (Utf8LineReader.LineTooLongException e) {
                throw tooLong(name, lineNumber);
            }
            if (fields == null) return rows;
            if (fields.length == 1 && fields[0].isBlank()) continue;
            if (fields.length != header.width()) {
                throw new RefusedException(CatalogReason.FIELD_COUNT, TsvRow.location(name, lineNumber)
                        + "：有 " + fields.length + " 列，表头有 " + header.width() + " 列");
            }
            handler.row(new TsvRow(name, lineNumber, header, fields));
            rows++;
        }
    }

    private static RefusedException tooLong(String name, long lineNumber) {
        return new RefusedException(CatalogReason.LINE_TOO_LONG, TsvRow.location(name, lineNumber)
                + "：超过 " + Utf8LineReader.MAX_LINE_BYTES + " 字节");
    }

    private static RefusedException notUtf8(String name, long lineNumber, CharacterCodingException e) {
        String where = lineNumber > 0 ? TsvRow.location(name, lineNumber) : name;
        return new RefusedException(new Refusal(CatalogReason.NOT_UTF8, where + "：含有非 UTF-8 字节"), e);
    }
}
