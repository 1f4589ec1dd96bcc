package org.yibao.terminal.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.operator.OperatorReason;

/**
 * Password lines from standard input (the {@code --password-stdin} of {@code terminal operator}):
 * strict UTF-8, at most {@link #MAX_BYTES} bytes a line, ending at LF (a CR before it is
 * dropped, and so is a byte order mark before the first line, which Windows tools write: read as
 * part of the password, it made one nobody can type). A line that is not UTF-8 (a shell in a GBK
 * locale) is refused 1620 instead of being read with replacement characters, which would store a
 * password no POS can send and that other passwords of the same length would match; a longer line is refused 1620 without
 * being held in memory. The bytes read are overwritten once decoded.
 */
final class PasswordLines {
    /** Far above the longest password the rules allow (128 characters, 4 bytes each at most). */
    static final int MAX_BYTES = 4096;

    /** UTF-8's byte order mark, which Windows tools write before a "UTF-8" file's first line. */
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private boolean atStart = true;

    PasswordLines(InputStream in) {
        this.in = in;
    }

    /** The next line's characters, or empty at the end of input; {@code number} names the line in a refusal. */
    Optional<char[]> next(int number) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b = in.read();
        if (b < 0) return Optional.empty();
        boolean tooLong = false;
        while (b >= 0 && b != '\n') {
            if (line.size() < MAX_BYTES) line.write(b);
            else tooLong = true;
            b = in.read();
        }
        byte[] bytes = line.toByteArray();
        try {
            if (tooLong) throw refused(number, "超过 " + MAX_BYTES + " 字节");
            int start = atStart && startsWithByteOrderMark(bytes) ? BYTE_ORDER_MARK.length : 0;
            atStart = false;
            int end = bytes.length > start && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            return Optional.of(decode(ByteBuffer.wrap(bytes, start, end - start), number));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static boolean startsWithByteOrderMark(byte[] bytes) {
        return bytes.length >= BYTE_ORDER_MARK.length
                && Arrays.equals(bytes, 0, BYTE_ORDER_MARK.length, BYTE_ORDER_MARK, 0, BYTE_ORDER_MARK.length);
    }

    private static char[] decode(ByteBuffer bytes, int number) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            char[] out = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            throw refused(number, "不是 UTF-8 文本（请在 UTF-8 的终端中输入，或用 UTF-8 编码的文件提供）");
        }
    }

    private static RefusedException refused(int number, String why) {
        return new RefusedException(OperatorReason.BAD_PASSWORD_INPUT, "标准输入第 " + number + " 行" + why);
    }
}
