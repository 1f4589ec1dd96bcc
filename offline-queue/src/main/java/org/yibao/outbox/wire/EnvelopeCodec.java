package org.yibao.outbox.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Envelope} on the wire, written and read with Jackson's streaming API: once per
 * published message on the terminal and once per delivery on the centre, where the data-binding
 * path (type look-ups, reflective record access) cost more than the JSON itself.
 *
 * <p>Promises: {@link #encode} gives the same bytes as {@link WireCodec#encode} of the record
 * (fields in declaration order, {@code key} left out when null, the payload in base64);
 * {@link #decode} reads what {@link WireCodec#decode} reads: unknown fields ignored, a missing
 * number is 0, a missing text null, numbers also as numeric strings; no object, a missing or
 * null {@code id} or {@code payload}, a payload that is not base64 text, or a field of the
 * wrong kind make it empty (one difference: data binding would also take the payload as an
 * array of numbers; no sender writes that). It never throws on bad input.
 */
public final class EnvelopeCodec {

    private EnvelopeCodec() {
    }

    /** The JSON bytes of {@code e}. */
    public static byte[] encode(Envelope e) {
        ByteArrayBuilder out = new ByteArrayBuilder(256 + e.payload().length * 4 / 3);
        try (JsonGenerator g = WireCodec.factory().createGenerator(out)) {
            write(g, e);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode envelope " + e.id(), ex);
        }
        return out.toByteArray();
    }

    /**
     * The JSON bytes of a batch: an array of the envelopes, each exactly as {@link #encode}
     * writes it alone, in the order given (one MQTT publish carries them all).
     */
    public static byte[] encodeBatch(List<Envelope> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("an empty batch");
        }
        int size = 2;
        for (Envelope e : batch) {
            size += 257 + e.payload().length * 4 / 3;
        }
        ByteArrayBuilder out = new ByteArrayBuilder(size);
        try (JsonGenerator g = WireCodec.factory().createGenerator(out)) {
            g.writeStartArray();
            for (Envelope e : batch) {
                write(g, e);
            }
            g.writeEndArray();
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode a batch of " + batch.size() + " envelopes", ex);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Envelope e) throws IOException {
        {
            g.writeStartObject();
            g.writeNumberField("v", e.v());
            g.writeStringField("id", e.id());
            optional(g, "device", e.device());
            optional(g, "type", e.type());
            optional(g, "class", e.messageClass());
            optional(g, "lane", e.lane());
            optional(g, "key", e.key());
            g.writeNumberField("createdAt", e.createdAt());
            g.writeNumberField("attempt", e.attempt());
            g.writeFieldName("payload");
            g.writeBinary(e.payload());
            g.writeEndObject();
        }
    }

    /** The envelope in {@code bytes}; empty when they are not a valid one (a batch is not one). */
    public static Optional<Envelope> decode(byte[] bytes) {
        try (JsonParser p = WireCodec.factory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            return readObject(p);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * What one publish on a lane carries: one envelope ({@link #encode}) or a batch
     * ({@link #encodeBatch}). A batch's element that is not a valid envelope is an empty entry in
     * its place (the others still count); bytes that are neither give an empty list.
     */
    public static List<Optional<Envelope>> decodeAll(byte[] bytes) {
        if (!startsArray(bytes)) {
            return decode(bytes).map(e -> List.of(Optional.of(e))).orElse(List.of());
        }
        List<Optional<Envelope>> all = new ArrayList<>();
        try (JsonParser p = WireCodec.factory().createParser(bytes)) {
            p.nextToken();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) {
                    throw new IOException("the batch ends early");
                }
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    all.add(Optional.empty());
                    continue;
                }
                all.add(readObject(p));
            }
            if (p.nextToken() != null) {
                throw new IOException("bytes after the batch");
            }
            return all;
        } catch (IOException | RuntimeException e) {
            return all; // what was read before the damage still counts
        }
    }

    private static boolean startsArray(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '[';
            }
        }
        return false;
    }

    /**
     * The envelope whose START_OBJECT is the parser's current token, read to its END_OBJECT; a
     * field of the wrong kind is skipped and makes it empty (the parser still ends after the
     * object, so a batch's next element can be read). Malformed JSON throws.
     */
    private static Optional<Envelope> readObject(JsonParser p) throws IOException {
        Fields f = new Fields();
        boolean bad = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            try {
                if (!f.read(name, p)) {
                    p.skipChildren();
                }
            } catch (com.fasterxml.jackson.core.JsonParseException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                p.skipChildren();
                bad = true;
            }
        }
        if (bad || f.id == null || f.payload == null) {
            return Optional.empty();
        }
        return Optional.of(new Envelope((int) f.v, f.id, f.device, f.type, f.messageClass, f.lane, f.key, f.createdAt,
                (int) f.attempt, f.payload));
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    /** The fields read so far (a repeated field: the last one counts). */
    private static final class Fields {
        long v;
        String id;
        String device;
        String type;
        String messageClass;
        String lane;
        String key;
        long createdAt;
        long attempt;
        byte[] payload;

        /** Reads the value of {@code name} at the parser's current token; false for an unknown field. */
        boolean read(String name, JsonParser p) throws IOException {
            switch (name) {
                case "v" -> v = integer(p, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "id" -> id = text(p);
                case "device" -> device = text(p);
                case "type" -> type = text(p);
                case "class" -> messageClass = text(p);
                case "lane" -> lane = text(p);
                case "key" -> key = text(p);
                case "createdAt" -> createdAt = integer(p, Long.MIN_VALUE, Long.MAX_VALUE);
                case "attempt" -> attempt = integer(p, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "payload" -> payload = p.currentToken() == JsonToken.VALUE_NULL ? null : binary(p);
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static String text(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            if (!t.isScalarValue()) {
                throw new IOException("expected a text, got " + t);
            }
            return p.getText();
        }

        private static long integer(JsonParser p, long min, long max) throws IOException {
            long value = switch (p.currentToken()) {
                case VALUE_NULL -> 0;
                case VALUE_NUMBER_INT -> p.getLongValue(); // beyond a long: an exception, as data binding
                case VALUE_NUMBER_FLOAT -> p.getValueAsLong();
                case VALUE_STRING -> Long.parseLong(p.getText().trim());
                default -> throw new IOException("expected a number, got " + p.currentToken());
            };
            if (value < min || value > max) {
                throw new IOException("number out of range: " + p.getText());
            }
            return value;
        }

        private static byte[] binary(JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new IOException("expected base64 text, got " + p.currentToken());
            }
            // decoded from the text, so bad base64 is an IllegalArgumentException about this
            // field, not a parse error that would stop a batch's other elements
            return com.fasterxml.jackson.core.Base64Variants.getDefaultVariant().decode(p.getText());
        }
    }
}
