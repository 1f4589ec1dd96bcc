package org.yibao.provisioning.update;

import java.time.Instant;
import java.util.Objects;

/**
 * One verified fleet update. {@code seq} counts from 1 within its target's stream; the update id
 * is {@code stream/seq} (e.g. {@code area/371502/7}), so it names exactly one update forever.
 *
 * @param content the file's bytes (empty for a command)
 * @param command {@code status}, {@code selftest} or {@code diagnostics} for a {@link UpdateKind#COMMAND}, else empty
 */
public record Update(UpdateTarget target, long seq, UpdateKind kind, Instant issuedAt, byte[] content, String command) {
    public Update {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(issuedAt, "issuedAt");
        content = content == null ? new byte[0] : content.clone();
        command = command == null ? "" : command;
        if (seq < 1) throw new IllegalArgumentException("seq must be >= 1: " + seq);
        if (kind == UpdateKind.COMMAND && command.isEmpty()) throw new IllegalArgumentException("a command update names its command");
    }

    /** {@code stream/seq}. */
    public String updateId() {
        return id(target, seq);
    }

    public static String id(UpdateTarget target, long seq) {
        return target.stream() + "/" + seq;
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
