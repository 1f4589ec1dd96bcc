package org.yibao.terminal.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Bytes read as UTF-8 only when they are well-formed UTF-8: a file saved as GBK, an overlong form
 * (C0 AF for "/") or the bytes of a surrogate (ED A0 80) are refused, never replaced or read
 * leniently as some parsers do. The one check the terminal's inputs (the API's requests, vouchers,
 * the policy and the run configuration) share.
 */
public final class StrictUtf8 {
    private StrictUtf8() {
    }

    /** The text of {@code bytes}; empty when they are not well-formed UTF-8. */
    public static Optional<String> decode(byte[] bytes) {
        try {
            // A new decoder reports malformed and unmappable input (its default action).
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
