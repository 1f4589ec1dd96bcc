package org.yibao.drivers.scanner;

/** What the {@link ScanFramer} makes of one terminated run of bytes. */
public sealed interface Frame {
    /** A usable scan: prefix and AIM id removed, decoded, free of control characters. */
    record Scan(String text) implements Frame {
        /** Length only: a scan may carry an ecToken or other personal data. */
        @Override public String toString() {
            return "Scan[" + text.length() + " chars]";
        }
    }

    /** Bytes that are not a scan, and why; {@code bytes} is how many were dropped. */
    record Noise(Kind kind, int bytes) implements Frame {
        public enum Kind {
            /** A terminator with nothing (or only a prefix / AIM id) before it. */
            EMPTY,
            /** More bytes than the configured maximum before a terminator. */
            TOO_LONG,
            /** Not valid text in the configured charset. */
            UNDECODABLE,
            /** Decodes, but holds control characters (line noise, binary junk). */
            BINARY,
            /** Bytes left without a terminator for longer than the frame gap (half a code, noise). */
            STALE
        }
    }
}
