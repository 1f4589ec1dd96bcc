package org.yibao.provisioning.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yibao.provisioning.bundle.BundleJson;

/**
 * Where one piece's ({@link UpdateKind#isPart()}) content lies in the whole file it is a piece
 * of: a full catalogue too large for one MQTT message to a device (its heap) goes as {@code count}
 * consecutive updates of one stream, piece {@code index} (from 1) in each. The last piece
 * completes the file, which must then be {@code fileBytes} long with SHA-256 {@code fileSha256}
 * before it is imported. In the payload: {@code "part":{"index":2,"count":5,"file_bytes":N,"file_sha256":HEX}}.
 */
public record FilePart(int index, int count, long fileBytes, String fileSha256) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public FilePart {
        if (count < 1 || index < 1 || index > count) throw new IllegalArgumentException("part " + index + " of " + count);
        if (fileBytes < 1) throw new IllegalArgumentException("file_bytes " + fileBytes);
        if (fileSha256 == null || !SHA256.matcher(fileSha256).matches()) throw new IllegalArgumentException("file_sha256");
    }

    public boolean last() {
        return index == count;
    }

    /** Whether {@code other} is a piece of the same file (same count, size and digest). */
    public boolean sameFile(FilePart other) {
        return count == other.count && fileBytes == other.fileBytes && fileSha256.equals(other.fileSha256);
    }

    /**
     * Why this piece does not follow {@code held} (pieces 1.. of the same file, each once, in
     * order), in Chinese for the centre's result; empty when it does.
     */
    public Optional<String> notFollowing(List<FilePart> held) {
        boolean follows = held.size() == index - 1;
        for (int i = 0; follows && i < held.size(); i++) {
            follows = held.get(i).index() == i + 1 && held.get(i).sameFile(this);
        }
        if (follows) return Optional.empty();
        String received = "收到分片 " + index + "/" + count + "（文件 " + fileSha256.substring(0, 12) + "…），";
        long same = held.stream().filter(h -> h.sameFile(this)).count();
        if (same < held.size()) { // pieces of a file sent before, never completed: nothing was lost
            FilePart other = held.stream().filter(h -> !h.sameFile(this)).findFirst().orElseThrow();
            return Optional.of(received + "本机所存的是另一文件（" + other.fileSha256.substring(0, 12) + "…）的 " + (held.size() - same)
                    + " 个分片，没有该文件之前的 " + (index - 1) + " 个分片");
        }
        return Optional.of(received + "本机所存该文件之前的分片为 " + same + " 个，应为 " + (index - 1) + " 个");
    }

    ObjectNode toJson() {
        ObjectNode part = BundleJson.mapper().createObjectNode();
        part.put("index", index);
        part.put("count", count);
        part.put("file_bytes", fileBytes);
        part.put("file_sha256", fileSha256);
        return part;
    }

    /** The payload's {@code part} object, empty when absent or not as described (whole numbers in range, a lower-case hex digest). */
    static Optional<FilePart> of(JsonNode part) {
        if (part == null || !part.isObject()) return Optional.empty();
        JsonNode index = part.get("index");
        JsonNode count = part.get("count");
        JsonNode bytes = part.get("file_bytes");
        JsonNode sha = part.get("file_sha256");
        if (!whole(index) || !whole(count) || !whole(bytes) || sha == null || !sha.isTextual()
                || !index.canConvertToInt() || !count.canConvertToInt()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FilePart(index.intValue(), count.intValue(), bytes.longValue(), sha.textValue()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean whole(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToLong();
    }

    /** {@code file} cut into pieces of {@code pieceBytes} (the last one shorter), each with its part. */
    public static List<Piece> split(byte[] file, int pieceBytes) {
        if (pieceBytes < 1) throw new IllegalArgumentException("piece size " + pieceBytes);
        if (file.length == 0) throw new IllegalArgumentException("an empty file has no pieces");
        int count = Math.ceilDiv(file.length, pieceBytes);
        String sha = UpdateEnvelope.sha256(file);
        List<Piece> pieces = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * pieceBytes;
            pieces.add(new Piece(new FilePart(i + 1, count, file.length, sha), Arrays.copyOfRange(file, from, (int) Math.min(file.length, (long) from + pieceBytes))));
        }
        return pieces;
    }

    /** One piece of a file and where it lies. */
    public record Piece(FilePart part, byte[] bytes) {
    }
}
