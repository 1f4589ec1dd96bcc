package org.yibao.outbox.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
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
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode envelope " + e.id(), ex);
        }
        return out.toByteArray();
    }

    /** The envelope in {@code bytes}; empty when they are not a valid one. */
    public static Optional<Envelope> decode(byte[] bytes) {
        try (JsonParser p = WireCodec.factory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Fields f = new Fields();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!f.read(name, p)) {
                    p.skipChildren();
                }
            }
            if (f.id == null || f.payload == null) {
                return Optional.empty();
            }
            return Optional.of(new Envelope((int) f.v, f.id, f.device, f.type, f.messageClass, f.lane, f.key, f.createdAt,
                    (int) f.attempt, f.payload));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
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
            return p.getBinaryValue();
        }
    }
}
