package org.yibao.outbox.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
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

    /** {@code bytes} parsed as a JSON tree; empty when they are not JSON. */
    static Optional<JsonNode> tree(byte[] bytes) {
        try {
            return Optional.ofNullable(JSON.readTree(bytes));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** An already parsed {@code node} as {@code type}, with the same rules as {@link #decode}; empty when it is not one. */
    static <T> Optional<T> convert(JsonNode node, Class<T> type) {
        try {
            return Optional.ofNullable(JSON.treeToValue(node, type));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The streaming factory behind the codec (thread-safe), for the hand-written hot paths. */
    static JsonFactory factory() {
        return JSON.getFactory();
    }
}
