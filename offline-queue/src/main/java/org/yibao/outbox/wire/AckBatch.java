package org.yibao.outbox.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Several business answers to one device in one message, centre to terminal, so a centre that
 * stored many of a device's claims in one commit answers them with one publish. JSON:
 * {@code {"v":1,"acks":[{"v":1,"id":"T01-42",...},{"v":1,"id":"T01-43",...}]}}. A single
 * {@link Ack} on its own is still a valid message on the acks topic; {@link #decode} reads both.
 *
 * <p>Both directions run once per answer on each side, so they avoid the costly paths: the
 * message is parsed once (a single ack is no longer first tried as a batch, failing with an
 * exception, and parsed again), and acks are written with the streaming generator, in the same
 * form {@link WireCodec#encode} gives them.
 */
public record AckBatch(int v, List<Ack> acks) {

    public AckBatch {
        Objects.requireNonNull(acks, "acks");
        acks = List.copyOf(acks);
    }

    /** What one acks-topic message holds: the answers that can be read, and how many elements cannot. */
    public record Read(List<Ack> acks, int unreadable) {
        public Read {
            acks = List.copyOf(acks);
        }

        private static final Read NOTHING = new Read(List.of(), 1);
    }

    /** The readable answers in an acks-topic message (a batch or a single ack); empty when there is none. */
    public static Optional<List<Ack>> decode(byte[] payload) {
        List<Ack> acks = read(payload).acks();
        return acks.isEmpty() ? Optional.empty() : Optional.of(acks);
    }

    /**
     * Reads an acks-topic message: a batch element by element, so one element that is not an ack
     * (a centre's bug, a field of a later version with a wrong type) costs only its own answer;
     * the others are taken, not left to wait for the ack timeout and be published again.
     */
    public static Read read(byte[] payload) {
        JsonNode root = WireCodec.tree(payload).orElse(null);
        if (root == null || !root.isObject()) {
            return Read.NOTHING;
        }
        JsonNode batch = root.get("acks");
        if (batch != null && batch.isArray() && !batch.isEmpty()) {
            List<Ack> acks = new ArrayList<>(batch.size());
            int unreadable = 0;
            for (JsonNode element : batch) {
                Optional<Ack> ack = element.isObject() ? WireCodec.convert(element, Ack.class) : Optional.empty();
                if (ack.isPresent()) {
                    acks.add(ack.get());
                } else {
                    unreadable++;
                }
            }
            return new Read(acks, unreadable);
        }
        return WireCodec.convert(root, Ack.class).map(ack -> new Read(List.of(ack), 0)).orElse(Read.NOTHING);
    }

    private static final byte[] BATCH_START = "{\"v\":1,\"acks\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] BATCH_END = "]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The bytes a batch adds around its acks (besides the commas between them). */
    public static final int BATCH_FRAME = BATCH_START.length + BATCH_END.length;

    /**
     * The message for acks each already encoded alone ({@code encode(List.of(ack))}): the same
     * bytes {@link #encode} gives for them together, so a sender can measure answers before it
     * groups them (a batch is {@link #BATCH_FRAME} bytes, the acks, and a comma between each two).
     */
    public static byte[] join(List<byte[]> encodedAcks) {
        if (encodedAcks.size() == 1) {
            return encodedAcks.getFirst();
        }
        int size = BATCH_FRAME + Math.max(0, encodedAcks.size() - 1);
        for (byte[] ack : encodedAcks) {
            size += ack.length;
        }
        byte[] out = new byte[size];
        System.arraycopy(BATCH_START, 0, out, 0, BATCH_START.length);
        int at = BATCH_START.length;
        for (int i = 0; i < encodedAcks.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            byte[] ack = encodedAcks.get(i);
            System.arraycopy(ack, 0, out, at, ack.length);
            at += ack.length;
        }
        System.arraycopy(BATCH_END, 0, out, at, BATCH_END.length);
        return out;
    }

    /** The message for {@code acks}: the single ack itself when there is one, else a batch. */
    public static byte[] encode(List<Ack> acks) {
        ByteArrayBuilder out = new ByteArrayBuilder(64 + 120 * acks.size());
        try (JsonGenerator g = WireCodec.factory().createGenerator(out)) {
            if (acks.size() == 1) {
                write(g, acks.getFirst());
            } else {
                g.writeStartObject();
                g.writeNumberField("v", 1);
                g.writeArrayFieldStart("acks");
                for (Ack ack : acks) {
                    write(g, ack);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode acks", e);
        }
        return out.toByteArray();
    }

    /** One ack as {@link WireCodec#encode} writes the record: its fields in order, nulls left out. */
    private static void write(JsonGenerator g, Ack ack) throws IOException {
        g.writeStartObject();
        g.writeNumberField("v", ack.v());
        g.writeStringField("id", ack.id());
        g.writeStringField("status", ack.status().name());
        optional(g, "code", ack.code());
        optional(g, "reason", ack.reason());
        optional(g, "centre", ack.centre());
        g.writeNumberField("at", ack.at());
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
