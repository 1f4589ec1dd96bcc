package org.yibao.provisioning.update;

import java.io.OutputStream;

/**
 * An output stream into one array allocated once at its upper bound (a base64 text of n
 * characters decodes to at most 3n/4 + 3 bytes), so a large value is never copied as it grows.
 */
final class ByteSink extends OutputStream {
    private final byte[] bytes;
    private int length;

    /** A sink for what base64 text of at most {@code base64Chars} characters decodes to. */
    static ByteSink forBase64(int base64Chars) {
        return new ByteSink((int) Math.min(Integer.MAX_VALUE - 16, (long) base64Chars * 3 / 4 + 3));
    }

    private ByteSink(int capacity) {
        this.bytes = new byte[capacity];
    }

    @Override
    public void write(int b) {
        room(1);
        bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        room(len);
        System.arraycopy(b, off, bytes, length, len);
        length += len;
    }

    /** The array written into (valid up to {@link #length()}). */
    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    private void room(int n) {
        if (n > bytes.length - length) throw new IllegalStateException("more than the base64 text's bound");
    }
}
