package org.yibao.provisioning.update;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import org.yibao.provisioning.bundle.BundleJson;

/**
 * Reads one JSON document with a streaming parser (the strict mapper's: duplicate keys and
 * trailing tokens are errors) where one field of the top-level object holds a large base64
 * string: that string is decoded straight from the input into a stream, never held as text;
 * every other field is kept as a tree. This is how a megabyte update is read in a small heap.
 */
final class StreamedObject {
    /** Reads one value where a parser stands (the document's trailing tokens are checked at its end). */
    static final ObjectReader VALUE = BundleJson.mapper().reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StreamedObject() {
    }

    /**
     * What was read: {@code others} the object's other fields (null when the document is valid
     * JSON but not an object), {@code decoded} whether the large field was a string and was decoded.
     */
    record Read(ObjectNode others, boolean decoded) {
    }

    /**
     * Reads {@code length} bytes of {@code input} from {@code offset}; the field {@code large},
     * when a string, is decoded with {@code variant} into {@code into}; when another JSON type it
     * is kept with the others. Throws IOException for anything that is not one JSON value or for
     * base64 that does not decode.
     */
    static Read read(byte[] input, int offset, int length, String large, Base64Variant variant, OutputStream into) throws IOException {
        try (JsonParser p = BundleJson.mapper().createParser(input, offset, length)) {
            JsonToken t = p.nextToken();
            if (t == null) return new Read(null, false);
            if (t != JsonToken.START_OBJECT) {
                VALUE.readTree(p);
                end(p);
                return new Read(null, false);
            }
            ObjectNode others = BundleJson.mapper().createObjectNode();
            boolean decoded = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(large) && value == JsonToken.VALUE_STRING) {
                    decode(p, input, offset, variant, into);
                    decoded = true;
                } else {
                    JsonNode node = VALUE.readTree(p);
                    others.set(name, node);
                }
            }
            end(p);
            return new Read(others, decoded);
        }
    }

    /** Whether the bytes are one JSON object (its strings read past, not decoded). */
    static boolean isObject(byte[] input, int offset, int length) {
        try (JsonParser p = BundleJson.mapper().createParser(input, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return false;
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Decodes the string where the parser stands, then checks that its raw bytes were plain
     * base64 of {@code variant}: only its alphabet, then at most two padding characters at the
     * end of a length that is a multiple of 4. Jackson's decoder also skips whitespace (even a raw
     * line feed) and takes padding in the middle, so one value could be written many ways.
     */
    private static void decode(JsonParser p, byte[] input, int offset, Base64Variant variant, OutputStream into) throws IOException {
        long start = p.currentTokenLocation().getByteOffset(); // the opening quote, from the parser's start
        try {
            p.readBinaryValue(variant, into);
        } catch (IllegalArgumentException e) {
            throw new JsonParseException(p, "not base64: " + e.getMessage(), e);
        }
        long end = p.currentLocation().getByteOffset(); // just past the closing quote
        if (start < 0 || end < start + 2 || !plain(input, offset + (int) start + 1, offset + (int) end - 1, variant)) {
            throw new JsonParseException(p, "not plain base64 (whitespace, an escape or padding inside)");
        }
    }

    private static boolean plain(byte[] input, int from, int to, Base64Variant variant) {
        int i = from;
        while (i < to && variant.decodeBase64Char(input[i] & 0xff) >= 0) i++;
        int padding = 0;
        while (i < to && variant.usesPaddingChar(input[i] & 0xff)) {
            i++;
            padding++;
        }
        return i == to && padding <= 2 && (padding == 0 || (to - from) % 4 == 0);
    }

    private static void end(JsonParser p) throws IOException {
        if (p.nextToken() != null) throw new JsonParseException(p, "trailing tokens after the JSON value");
    }
}
