package org.yibao.outbox.wire;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Several business answers to one device in one message, centre to terminal, so a centre that
 * stored many of a device's claims in one commit answers them with one publish. JSON:
 * {@code {"v":1,"acks":[{"v":1,"id":"T01-42",...},{"v":1,"id":"T01-43",...}]}}. A single
 * {@link Ack} on its own is still a valid message on the acks topic; {@link #decode} reads both.
 */
public record AckBatch(int v, List<Ack> acks) {

    public AckBatch {
        Objects.requireNonNull(acks, "acks");
        acks = List.copyOf(acks);
    }

    /** The answers in an acks-topic message (a batch or a single ack); empty when it is neither. */
    public static Optional<List<Ack>> decode(byte[] payload) {
        Optional<AckBatch> batch = WireCodec.decode(payload, AckBatch.class);
        if (batch.isPresent() && !batch.get().acks().isEmpty()) {
            return Optional.of(batch.get().acks());
        }
        return WireCodec.decode(payload, Ack.class).map(List::of);
    }

    /** The message for {@code acks}: the single ack itself when there is one, else a batch. */
    public static byte[] encode(List<Ack> acks) {
        return acks.size() == 1 ? WireCodec.encode(acks.getFirst()) : WireCodec.encode(new AckBatch(1, acks));
    }
}
