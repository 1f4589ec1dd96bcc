package org.yibao.terminal.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads lines of strict UTF-8 from bytes, one line at a time, so a malformed byte sequence is
 * reported on the very line that holds it (a Reader decodes ahead and would blame an earlier
 * line). Lines end at LF; a CR before the LF is dropped.
 */
final class Utf8LineReader {
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

    /** The next line without its line end, or null at the end of the input. */
    String readLine() throws IOException {
        int scanFrom = start;
        while (true) {
            for (int i = scanFrom; i < end; i++) {
                if (buffer[i] == '\n') {
                    String line = decode(start, i);
                    start = i + 1;
                    return line;
                }
            }
            scanFrom = end;
            if (eof) {
                if (start == end) return null;
                String line = decode(start, end);
                start = end;
                return line;
            }
            scanFrom -= fill();
        }
    }

    /** Moves the unread bytes to the front (growing the buffer for long lines), then reads more. */
    private int fill() throws IOException {
        int shift = start;
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) buffer = Arrays.copyOf(buffer, buffer.length * 2);
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) eof = true; else end += n;
        return shift;
    }

    private String decode(int from, int to) throws CharacterCodingException {
        int last = to > from && buffer[to - 1] == '\r' ? to - 1 : to;
        if (isAscii(from, last)) return new String(buffer, from, last - from, StandardCharsets.ISO_8859_1);
        decoder.reset();
        return decoder.decode(ByteBuffer.wrap(buffer, from, last - from)).toString();
    }

    private boolean isAscii(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] < 0) return false;
        }
        return true;
    }
}
