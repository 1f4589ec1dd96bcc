package org.yibao.outbox.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/** JSON for the wire records; decoding never throws on bad input, it answers empty. */
public final class WireCodec {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private WireCodec() {
    }

    /** The JSON bytes of a wire record. */
    public static byte[] encode(Object record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + record.getClass().getSimpleName(), e);
        }
    }

    /** Decodes {@code bytes} as {@code type}; empty when they are not a valid one. */
    public static <T> Optional<T> decode(byte[] bytes, Class<T> type) {
        try {
            return Optional.ofNullable(JSON.readValue(bytes, type));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
