package org.yibao.drivers.scanner;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns the scanner's byte stream into {@link Frame}s. Pure (no I/O, no clock, no logging)
 * so it can be fuzzed; not thread-safe (one per port). Frames end at CR, LF, CRLF or TAB (an
 * LF right after a CR belongs to that CR). Each frame is decoded strictly in the configured
 * charset, then loses the configured prefix and an AIM symbology id ({@code ]Q1}, {@code ]C0}
 * ...). Empty, over-long, undecodable and control-character frames come out as
 * {@link Frame.Noise}; memory stays bounded by {@code maxFrameBytes} whatever arrives.
 *
 * <p>A scanner sends a whole code in one burst. Bytes that were left without their terminator
 * for longer than the frame gap (half a code when the phone moved away, a burst of line noise)
 * are dropped as {@link Frame.Noise.Kind#STALE} when the next bytes arrive, so they never glue
 * onto the front of the next scan and spoil it. The caller passes the time ({@link #feed(byte[],
 * int, int, long, Consumer)}), which keeps this class free of a clock.
 */
public final class ScanFramer {
    private final Charset charset;
    private final String prefix;
    private final byte[] buffer;
    private final long gapNanos;
    private long lastByteAt;
    private int length;
    private long overflowBytes;
    private boolean overflowing;
    private boolean afterCr;
    private CharsetDecoder decoder;

    /** A framer without a frame gap: a partial frame waits for its terminator however long it takes. */
    public ScanFramer(Charset charset, String prefix, int maxFrameBytes) {
        this(charset, prefix, maxFrameBytes, java.time.Duration.ZERO);
    }

    /** A framer that drops a partial frame older than {@code frameGap} (zero: never). */
    public ScanFramer(Charset charset, String prefix, int maxFrameBytes, java.time.Duration frameGap) {
        this.gapNanos = frameGap.toNanos();
        this.charset = Objects.requireNonNull(charset, "charset");
        this.prefix = prefix == null ? "" : prefix;
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive");
        }
        this.buffer = new byte[maxFrameBytes];
    }

    /** Feeds {@code count} bytes from {@code data[offset]}; every completed frame goes to {@code sink}. */
    public void feed(byte[] data, int offset, int count, Consumer<? super Frame> sink) {
        Objects.checkFromIndexSize(offset, count, data.length);
        for (int i = offset; i < offset + count; i++) {
            accept(data[i], sink);
        }
    }

    /**
     * As {@link #feed(byte[], int, int, Consumer)}, for bytes that arrived at {@code nowNanos}
     * ({@link System#nanoTime()}): a partial frame whose last byte came more than the frame gap
     * earlier is first dropped as {@link Frame.Noise.Kind#STALE}.
     */
    public void feed(byte[] data, int offset, int count, long nowNanos, Consumer<? super Frame> sink) {
        if (count > 0 && gapNanos > 0 && (length > 0 || overflowing) && nowNanos - lastByteAt > gapNanos) {
            long dropped = overflowing ? overflowBytes : length;
            reset();
            sink.accept(new Frame.Noise(Frame.Noise.Kind.STALE, (int) Math.min(Integer.MAX_VALUE, dropped)));
        }
        feed(data, offset, count, sink);
        if (count > 0) {
            lastByteAt = nowNanos;
        }
    }

    /** Convenience for a whole array. */
    public void feed(byte[] data, Consumer<? super Frame> sink) {
        feed(data, 0, data.length, sink);
    }

    /** Drops a partial frame (after a reconnect, bytes of the old connection are stale). */
    public void reset() {
        length = 0;
        overflowing = false;
        overflowBytes = 0;
        afterCr = false;
    }

    private void accept(byte b, Consumer<? super Frame> sink) {
        boolean lfAfterCr = b == '\n' && afterCr;
        afterCr = b == '\r';
        if (lfAfterCr) {
            return;
        }
        if (b == '\r' || b == '\n' || b == '\t') {
            sink.accept(complete());
            return;
        }
        if (overflowing) {
            overflowBytes++;
        } else if (length == buffer.length) {
            overflowing = true;
            overflowBytes = length + 1L;
        } else {
            buffer[length++] = b;
        }
    }

    private Frame complete() {
        try {
            if (overflowing) {
                return new Frame.Noise(Frame.Noise.Kind.TOO_LONG, (int) Math.min(Integer.MAX_VALUE, overflowBytes));
            }
            return length == 0 ? new Frame.Noise(Frame.Noise.Kind.EMPTY, 0) : decode();
        } finally {
            length = 0;
            overflowing = false;
            overflowBytes = 0;
        }
    }

    private Frame decode() {
        String text;
        try {
            text = strictDecoder().decode(ByteBuffer.wrap(buffer, 0, length)).toString();
        } catch (CharacterCodingException e) {
            return new Frame.Noise(Frame.Noise.Kind.UNDECODABLE, length);
        }
        if (!prefix.isEmpty() && text.startsWith(prefix)) {
            text = text.substring(prefix.length());
        }
        text = stripAimId(text);
        if (text.isEmpty()) {
            return new Frame.Noise(Frame.Noise.Kind.EMPTY, length);
        }
        return hasControl(text) ? new Frame.Noise(Frame.Noise.Kind.BINARY, length) : new Frame.Scan(text);
    }

    private CharsetDecoder strictDecoder() {
        if (decoder == null) {
            decoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        return decoder;
    }

    /** An AIM id is ']' + symbology letter + modifier character (ISO/IEC 15424). */
    static String stripAimId(String text) {
        if (text.length() >= 3 && text.charAt(0) == ']' && isAsciiLetter(text.charAt(1))
                && isAsciiLetterOrDigit(text.charAt(2))) {
            return text.substring(3);
        }
        return text;
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFD' || Character.getType(c) == Character.FORMAT) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || c >= '0' && c <= '9';
    }
}
