package org.yibao.terminal.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * Reads lines of strict UTF-8 from bytes, one line at a time, so a malformed byte sequence is
 * reported on the very line that holds it (a Reader decodes ahead and would blame an earlier
 * line). Lines end at LF; a CR before the LF is dropped. A line can be read already split on
 * tabs: the split happens on the bytes (a tab byte never occurs inside a UTF-8 sequence), so
 * ASCII fields become compact strings without a decoding pass.
 */
final class Utf8LineReader {
    /** The longest line accepted, its line end aside; a catalogue line is a few hundred bytes. */
    static final int MAX_LINE_BYTES = 1 << 20;
    /** The buffer's largest size: the longest line with its CR and LF. */
    private static final int MAX_BUFFER = MAX_LINE_BYTES + 2;

    /** A line longer than {@link #MAX_LINE_BYTES}: refused instead of growing memory without bound. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException() {
            super("line longer than " + MAX_LINE_BYTES + " bytes");
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    private boolean eof;

    Utf8LineReader(InputStream in) {
        this.in = in;
    }

    private final ArrayList<String> fields = new ArrayList<>(16);

    /** The next line without its line end, or null at the end of the input. */
    String readLine() throws IOException {
        int lineEnd = nextLineEnd();
        if (lineEnd < 0) return null;
        String line = decode(start, checkedLength(withoutCr(start, lineEnd)));
        start = Math.min(lineEnd + 1, end);
        return line;
    }

    /** The next line split on tabs ("a\t" has two fields), or null at the end of the input. */
    String[] readFields() throws IOException {
        int lineEnd = nextLineEnd();
        if (lineEnd < 0) return null;
        int last = checkedLength(withoutCr(start, lineEnd));
        fields.clear();
        int from = start;
        for (int i = start; i < last; i++) {
            if (buffer[i] == '\t') {
                fields.add(decode(from, i));
                from = i + 1;
            }
        }
        fields.add(decode(from, last));
        start = Math.min(lineEnd + 1, end);
        return fields.toArray(String[]::new);
    }

    /** The index of the next LF (or of the end of the input for a last line without one); -1 at the end. */
    private int nextLineEnd() throws IOException {
        int scanFrom = start;
        while (true) {
            for (int i = scanFrom; i < end; i++) {
                if (buffer[i] == '\n') return i;
            }
            scanFrom = end;
            if (eof) return start == end ? -1 : end;
            scanFrom -= fill();
        }
    }

    /** {@code last}, the end of the line at {@code start}, when the line is no longer than the limit. */
    private int checkedLength(int last) throws LineTooLongException {
        if (last - start > MAX_LINE_BYTES) throw new LineTooLongException();
        return last;
    }

    private int withoutCr(int from, int to) {
        return to > from && buffer[to - 1] == '\r' ? to - 1 : to;
    }

    /** Moves the unread bytes to the front (growing the buffer for long lines), then reads more. */
    private int fill() throws IOException {
        int shift = start;
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            // the buffer holds the longest line with its CR and LF (it was refused when it filled
            // the buffer at exactly the limit, LF still to come); a line over it is refused once seen whole
            if (buffer.length >= MAX_BUFFER) throw new LineTooLongException();
            buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_BUFFER));
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) eof = true; else end += n;
        return shift;
    }

    /**
     * Decodes buffer[from, to) strictly. The JDK's fast decoding replaces malformed input with
     * U+FFFD, so only when that character shows up is the strict decoder asked to decide.
     */
    private String decode(int from, int to) throws CharacterCodingException {
        if (isAscii(from, to)) return new String(buffer, from, to - from, StandardCharsets.ISO_8859_1);
        String text = new String(buffer, from, to - from, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            decoder.reset();
            decoder.decode(ByteBuffer.wrap(buffer, from, to - from));
        }
        return text;
    }

    private boolean isAscii(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] < 0) return false;
        }
        return true;
    }
}
