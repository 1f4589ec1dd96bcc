package org.yibao.terminal.identity.card;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Decodes 社保卡 records: {@code <tag = record number> <len> <value>}, GBK text padded with
 * spaces or 0x00, 4-byte BCD dates (yyyymmdd). Pure; every violation is a
 * {@link MalformedRecordException} naming the record, never its content.
 */
final class CardRecords {
    private static final Charset GBK = Charset.forName("GBK");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7E]+");

    private CardRecords() {
    }

    /**
     * The value of record {@code record} from a READ RECORD answer, {@code <tag> <len> <value>}
     * (spec §2): a length byte that disagrees with the answer (cut short, or other bytes after
     * the value) is malformed. After the value only the fill of a fixed-length record may
     * follow, 0x00 or 0xFF, which is not part of it: a card whose record file has fixed-length
     * records answers them whole.
     */
    static byte[] value(int record, byte[] data) throws MalformedRecordException {
        if (data.length < 2) {
            throw new MalformedRecordException(name(record) + " 过短");
        }
        if ((data[0] & 0xFF) != record) {
            throw new MalformedRecordException(name(record) + " 标记不符");
        }
        int length = data[1] & 0xFF;
        if (2 + length > data.length || !onlyFill(data, 2 + length)) {
            throw new MalformedRecordException(name(record) + " 长度不符");
        }
        return Arrays.copyOfRange(data, 2, 2 + length);
    }

    private static boolean onlyFill(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] != 0x00 && data[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** GBK text without its space / 0x00 / 0xFF padding; must not be empty. */
    static String text(int record, byte[] value) throws MalformedRecordException {
        int from = 0;
        int to = value.length;
        while (to > from && isPadding(value[to - 1])) {
            to--;
        }
        while (from < to && isPadding(value[from])) {
            from++;
        }
        if (from == to) {
            throw new MalformedRecordException(name(record) + " 为空");
        }
        try {
            String text = GBK.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value, from, to - from)).toString();
            if (text.chars().anyMatch(Character::isISOControl)) {
                throw new MalformedRecordException(name(record) + " 含控制字符");
            }
            return text;
        } catch (CharacterCodingException e) {
            throw new MalformedRecordException(name(record) + " 不是GBK文本");
        }
    }

    /** Printable ASCII (after padding removal) that matches {@code shape}. */
    static String ascii(int record, byte[] value, Pattern shape) throws MalformedRecordException {
        String text = text(record, value);
        if (!PRINTABLE_ASCII.matcher(text).matches() || !shape.matcher(text).matches()) {
            throw new MalformedRecordException(name(record) + " 格式不符");
        }
        return text;
    }

    /**
     * Two digits written either as one BCD byte (民族 0x01, as the national card standard stores
     * it) or as the two characters the spec shows ("01"), that match {@code shape}.
     */
    static String digitsOrBcd(int record, byte[] value, Pattern shape) throws MalformedRecordException {
        if (value.length != 1) return ascii(record, value, shape);
        int high = (value[0] >>> 4) & 0x0F;
        int low = value[0] & 0x0F;
        String digits = high > 9 || low > 9 ? "" : "" + high + low;
        if (!shape.matcher(digits).matches()) {
            throw new MalformedRecordException(name(record) + " 格式不符");
        }
        return digits;
    }

    /** A 4-byte BCD date yyyymmdd. */
    static LocalDate bcdDate(int record, byte[] value) throws MalformedRecordException {
        if (value.length != 4) {
            throw new MalformedRecordException(name(record) + " 日期长度不符");
        }
        int[] digits = new int[8];
        for (int i = 0; i < 4; i++) {
            digits[2 * i] = (value[i] >>> 4) & 0x0F;
            digits[2 * i + 1] = value[i] & 0x0F;
        }
        for (int d : digits) {
            if (d > 9) {
                throw new MalformedRecordException(name(record) + " 日期不是BCD");
            }
        }
        int year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
        int month = digits[4] * 10 + digits[5];
        int day = digits[6] * 10 + digits[7];
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw new MalformedRecordException(name(record) + " 日期无效");
        }
    }

    private static boolean isPadding(byte b) {
        return b == 0x20 || b == 0x00 || b == (byte) 0xFF;
    }

    /** "记录09" and the like: how a refusal names a record (no content). */
    static String name(int record) {
        return String.format("记录%02X", record);
    }
}
