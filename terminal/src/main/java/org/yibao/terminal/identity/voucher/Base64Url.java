package org.yibao.terminal.identity.voucher;

import java.util.Arrays;

/**
 * Strict base64url without padding (RFC 4648 §5): only {@code A-Z a-z 0-9 - _}, no {@code =},
 * no whitespace, no length of the form 4n+1, and unused trailing bits zero (one text per
 * byte string). {@link java.util.Base64} is lenient on the last point, hence this class.
 */
final class Base64Url {
    private static final byte[] VALUE = new byte[128];
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    static {
        Arrays.fill(VALUE, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUE[ALPHABET[i]] = (byte) i;
        }
    }

    private Base64Url() {
    }

    /** The bytes of {@code text[from, to)}, or null when it is not strict unpadded base64url. */
    static byte[] decode(CharSequence text, int from, int to) {
        int length = to - from;
        if (length % 4 == 1) {
            return null;
        }
        byte[] out = new byte[length / 4 * 3 + Math.max(0, length % 4 - 1)];
        int bits = 0;
        int held = 0;
        int o = 0;
        for (int i = from; i < to; i++) {
            int v = value(text.charAt(i));
            if (v < 0) {
                return null;
            }
            bits = (bits << 6) | v;
            held += 6;
            if (held >= 8) {
                held -= 8;
                out[o++] = (byte) (bits >>> held);
                bits &= (1 << held) - 1;
            }
        }
        return bits == 0 ? out : null;
    }

    /** The unpadded base64url text of {@code bytes}. */
    static String encode(byte[] bytes) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int value(char c) {
        return c < 128 ? VALUE[c] : -1;
    }
}
