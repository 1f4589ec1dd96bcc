package org.yibao.provisioning.update;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One verified fleet update. {@code seq} counts from 1 within its target's stream; the update id
 * is {@code stream/seq} (e.g. {@code area/371502/7}), so it names exactly one update forever.
 *
 * <p>The content (the file's bytes, empty for a command) can be megabytes (a full catalogue): the
 * verifier hands over the array it decoded into, and {@link #openContent()} and
 * {@link #contentLength()} read it without a copy; {@link #content()} returns a copy.
 */
public final class Update {
    private final UpdateTarget target;
    private final long seq;
    private final UpdateKind kind;
    private final Instant issuedAt;
    private final byte[] content;
    private final int contentLength;
    private final String command;
    private final FilePart part;

    /**
     * @param content the file's bytes (copied; empty or null for a command)
     * @param command {@code status}, {@code selftest} or {@code diagnostics} for a {@link UpdateKind#COMMAND}, else empty
     */
    public Update(UpdateTarget target, long seq, UpdateKind kind, Instant issuedAt, byte[] content, String command) {
        this(target, seq, kind, issuedAt, content == null ? new byte[0] : content.clone(), content == null ? 0 : content.length, command, null);
    }

    /** A {@link UpdateKind#CATALOG_PART}: {@code piece} of a file, which is where it lies in that file. */
    public Update(UpdateTarget target, long seq, Instant issuedAt, FilePart.Piece piece) {
        this(target, seq, UpdateKind.CATALOG_PART, issuedAt, piece);
    }

    /** A piece of a file of {@code kind} ({@link UpdateKind#isPart()}), which is where it lies in that file. */
    public Update(UpdateTarget target, long seq, UpdateKind kind, Instant issuedAt, FilePart.Piece piece) {
        this(target, seq, kind, issuedAt, piece.bytes().clone(), piece.bytes().length, "", piece.part());
    }

    private Update(UpdateTarget target, long seq, UpdateKind kind, Instant issuedAt, byte[] content, int contentLength, String command,
                   FilePart part) {
        this.target = Objects.requireNonNull(target, "target");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
        this.command = command == null ? "" : command;
        if (seq < 1) throw new IllegalArgumentException("seq must be >= 1: " + seq);
        if (kind == UpdateKind.COMMAND && this.command.isEmpty()) throw new IllegalArgumentException("a command update names its command");
        if (kind.isPart() != (part != null)) throw new IllegalArgumentException("a part, and only a part, says where it lies");
        if (contentLength < 0 || contentLength > content.length) throw new IllegalArgumentException("content length " + contentLength);
        this.seq = seq;
        this.content = content;
        this.contentLength = contentLength;
        this.part = part;
    }

    /** An update owning the first {@code length} bytes of {@code decoded}, which nothing else may change (the verifier's). */
    static Update owning(UpdateTarget target, long seq, UpdateKind kind, Instant issuedAt, byte[] decoded, int length, String command,
                         FilePart part) {
        return new Update(target, seq, kind, issuedAt, decoded, length, command, part);
    }

    /** {@code stream/seq}. */
    public String updateId() {
        return id(target, seq);
    }

    public static String id(UpdateTarget target, long seq) {
        return target.stream() + "/" + seq;
    }

    public UpdateTarget target() {
        return target;
    }

    public long seq() {
        return seq;
    }

    public UpdateKind kind() {
        return kind;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public String command() {
        return command;
    }

    /** Where a piece's ({@link UpdateKind#isPart()}) content lies in its file; empty for every other kind. */
    public Optional<FilePart> part() {
        return Optional.ofNullable(part);
    }

    /** A copy of the content. */
    public byte[] content() {
        return Arrays.copyOf(content, contentLength);
    }

    /** The content's size in bytes. */
    public int contentLength() {
        return contentLength;
    }

    /** The content, read in place. */
    public InputStream openContent() {
        return new ByteArrayInputStream(content, 0, contentLength);
    }

    @Override
    public String toString() {
        String what = (command.isEmpty() ? "" : ", " + command) + (part == null ? "" : ", part " + part.index() + "/" + part.count());
        return "Update[" + updateId() + ", " + kind.wire() + ", " + contentLength + " bytes" + what + "]";
    }
}
