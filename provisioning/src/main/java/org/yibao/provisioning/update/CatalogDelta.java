package org.yibao.provisioning.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yibao.provisioning.bundle.BundleJson;

/**
 * A catalogue (or 对照 code-map) delta: the data lines to remove from, and to add to, a full TSV the
 * device already holds (its {@code base_sha256}), so a new version travels as its changes only.
 * {@link #apply} rebuilds the file the same way on both sides (header, the base's lines minus the
 * removed ones in their order, then the added ones) and the device checks the result against
 * {@code result_sha256} before importing it as a full file, with every check a full import has:
 *
 * <pre>
 * {"base_sha256":HEX,"result_sha256":HEX,"base_lines":HEX,"result_lines":HEX,"target_sha256":HEX,"remove":[LINE,…],"add":[LINE,…]}
 * </pre>
 *
 * <p>{@code base_lines} and {@code result_lines} are the files' {@link LineSum}s, which do not
 * depend on the order of the lines: the device's rebuilt file puts rows changed in place last, so
 * after one delta its file has the new file's lines in another order, and the next delta (made from
 * the new file) is recognised by them. A delta without them (an older centre's) is checked by the
 * SHA-256s alone. {@code target_sha256} is the SHA-256 of the new file the delta was made to (the
 * operator's): a code map's version is named from its file's SHA-256, so a device that rebuilt the
 * same lines in another order names its code map as a device sent the file whole does.
 */
public final class CatalogDelta {
    /** What the messages call the file: {@value}, or {@link #CODE_MAP}. */
    public static final String CATALOGUE = "目录";
    public static final String CODE_MAP = "对照表";

    private CatalogDelta() {
    }

    /** Why a delta cannot be made or used, in Chinese (it reaches the centre's result and the technician's refusal). */
    public static final class DeltaException extends Exception {
        private static final long serialVersionUID = 1L;

        public DeltaException(String message) {
            super(message);
        }
    }

    /** The delta from catalogue {@code base} to {@code target} (both plain UTF-8 TSV with the same header). */
    public static byte[] compute(byte[] base, byte[] target) throws DeltaException {
        return compute(base, target, CATALOGUE);
    }

    /** The delta from {@code base} to {@code target}, both a {@code what} ({@link #CATALOGUE} or {@link #CODE_MAP}). */
    public static byte[] compute(byte[] base, byte[] target, String what) throws DeltaException {
        List<String> from = lines(base, "基准" + what);
        List<String> to = lines(target, "新" + what);
        if (!from.getFirst().equals(to.getFirst())) throw new DeltaException(headerChange(from.getFirst(), to.getFirst(), what));
        Map<String, Integer> remaining = counts(to.subList(1, to.size()));
        List<String> remove = new ArrayList<>();
        for (String line : from.subList(1, from.size())) {
            if (!take(remaining, line)) remove.add(line);
        }
        Map<String, Integer> kept = counts(from.subList(1, from.size()));
        remove.forEach(line -> take(kept, line));
        List<String> add = new ArrayList<>();
        for (String line : to.subList(1, to.size())) {
            if (!take(kept, line)) add.add(line);
        }
        ObjectNode delta = BundleJson.mapper().createObjectNode();
        delta.put("base_sha256", UpdateEnvelope.sha256(base));
        delta.put("result_sha256", UpdateEnvelope.sha256(rebuild(from, remove, add)));
        delta.put("base_lines", LineSum.of(from));
        delta.put("result_lines", LineSum.of(to));
        delta.put("target_sha256", UpdateEnvelope.sha256(target));
        var removed = delta.putArray("remove");
        remove.forEach(removed::add);
        var added = delta.putArray("add");
        add.forEach(added::add);
        return delta.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Why the headers differ: a BOM that an editor added or dropped leaves the header the same to
     * the importer, but the device keeps the base's first line as it is, so it is named as such.
     */
    private static String headerChange(String base, String target, String what) {
        boolean baseBom = base.startsWith(BOM);
        boolean targetBom = target.startsWith(BOM);
        if (baseBom == targetBom || !strip(base).equals(strip(target))) return "表头已改变，须发送全量" + what;
        String first = baseBom ? "基准" + what : "新" + what;
        String other = baseBom ? "新" + what : "基准" + what;
        return "表头相同，但" + first + "以 BOM 开头而" + other + "没有：请把新文件存成与基准相同的格式（有无 BOM 一致），或发送全量" + what;
    }

    private static final String BOM = "\uFEFF";

    private static String strip(String header) {
        return header.startsWith(BOM) ? header.substring(1) : header;
    }

    /** The SHA-256 (hex) of the base {@code delta} applies to. */
    public static String baseSha256(byte[] delta) throws DeltaException {
        return tree(delta).path("base_sha256").asText("");
    }

    /** Rebuilds the full file from {@code base} and {@code delta}; refuses a wrong base or a result that differs. */
    public static byte[] apply(byte[] base, byte[] delta) throws DeltaException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(base.length + delta.length);
        try {
            apply(new ByteArrayInputStream(base), delta, out, CATALOGUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory streams do not fail
        }
        return out.toByteArray();
    }

    /**
     * Rebuilds the full file from the {@code base} TSV and {@code delta} into {@code out}, a line at a
     * time: a device's heap holds the delta, never the catalogue (a 50,000-row catalogue rebuilt in
     * memory did not fit a 64 MB heap). What reaches {@code out} is the whole result only when this
     * returns: on a wrong base, a line to remove that the base lacks, or a result whose SHA-256
     * differs, it throws and the caller must discard what was written. Returns the SHA-256 of the
     * file the delta was made to, when it names one ({@code target_sha256}, 64 lower-case hex).
     */
    public static Optional<String> apply(InputStream base, byte[] delta, OutputStream out, String what) throws DeltaException, IOException {
        JsonNode d = tree(delta);
        if (!d.path("remove").isArray() || !d.path("add").isArray()) throw new DeltaException("增量的 remove 和 add 须为列表");
        Map<String, Integer> removing = new HashMap<>();
        d.path("remove").forEach(n -> removing.merge(n.asText(), 1, Integer::sum));
        MessageDigest baseDigest = UpdateEnvelope.sha256Digest();
        MessageDigest resultDigest = UpdateEnvelope.sha256Digest();
        LineSum baseLines = new LineSum();
        LineSum resultLines = new LineSum();
        OutputStream result = new DigestOutputStream(out, resultDigest);
        Lines lines = new Lines(new DigestInputStream(base, baseDigest));
        if (lines.startsWith('P', 'K')) throw new DeltaException("基准" + what + "是压缩包：增量只能在未压缩的 TSV 文件之间生成");
        String header = lines.next();
        if (header == null) throw new DeltaException("基准" + what + "没有表头");
        baseLines.add(header);
        write(result, header, resultLines);
        for (String line = lines.next(); line != null; line = lines.next()) {
            baseLines.add(line);
            if (!take(removing, line)) write(result, line, resultLines);
        }
        if (!matches(d, "base_sha256", HexFormat.of().formatHex(baseDigest.digest()), "base_lines", baseLines.hex())) {
            throw new DeltaException("本机所存的" + what + "不是该增量的基准版本");
        }
        if (!removing.isEmpty()) throw new DeltaException("有 " + removing.size() + " 行要删除的内容不在基准" + what + "中");
        for (JsonNode n : d.path("add")) write(result, n.asText(), resultLines);
        result.flush();
        if (!matches(d, "result_sha256", HexFormat.of().formatHex(resultDigest.digest()), "result_lines", resultLines.hex())) {
            throw new DeltaException("按增量重建的" + what + "与中心的不一致（result_sha256 / result_lines 不符）");
        }
        String target = d.path("target_sha256").asText("");
        return target.matches("[0-9a-f]{64}") ? Optional.of(target) : Optional.empty();
    }

    /** Whether the file is the one {@code delta} names: by its bytes, or (when the delta gives it) by its lines in any order. */
    private static boolean matches(JsonNode delta, String shaField, String sha, String linesField, String lines) {
        if (sha.equals(delta.path(shaField).asText(""))) return true;
        return delta.path(linesField).isTextual() && lines.equals(delta.path(linesField).asText());
    }

    private static void write(OutputStream out, String line, LineSum sum) throws IOException {
        sum.add(line);
        write(out, line);
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    /**
     * The non-empty lines of a TSV stream, split at LF only and without a CR before it, each decoded
     * as UTF-8 on its own (the same text as decoding the whole file: LF and CR never occur inside a
     * character's bytes), as {@link #lines} reads a file held in memory.
     */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

        Lines(InputStream in) {
            this.in = in;
        }

        /** Whether the stream starts with {@code b0 b1} (a zip's "PK"); reads nothing past its buffer. */
        boolean startsWith(int b0, int b1) throws IOException {
            while (limit < 2) {
                int n = in.read(buffer, limit, buffer.length - limit);
                if (n < 0) return false;
                limit += n;
            }
            return buffer[0] == b0 && buffer[1] == b1;
        }

        /** The next non-empty line, or null once the stream has been read to its end. */
        String next() throws IOException {
            while (true) {
                line.reset();
                boolean ended = !readLine();
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                if (length > 0) return new String(bytes, 0, length, StandardCharsets.UTF_8);
                if (ended) return null;
            }
        }

        /** Reads up to the next LF into {@link #line}; false when the stream ended first. */
        private boolean readLine() throws IOException {
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer, 0, buffer.length);
                    position = 0;
                    if (limit < 0) {
                        limit = 0;
                        return false;
                    }
                }
                for (int i = position; i < limit; i++) {
                    if (buffer[i] == '\n') {
                        line.write(buffer, position, i - position);
                        position = i + 1;
                        return true;
                    }
                }
                line.write(buffer, position, limit - position);
                position = limit;
            }
        }
    }

    private static byte[] rebuild(List<String> from, List<String> remove, List<String> add) {
        Map<String, Integer> removing = counts(remove);
        StringBuilder out = new StringBuilder(from.getFirst()).append('\n');
        for (String line : from.subList(1, from.size())) {
            if (!take(removing, line)) out.append(line).append('\n');
        }
        add.forEach(line -> out.append(line).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The file's lines without their ends (LF or CRLF) and without empty lines; the first is the header. */
    private static List<String> lines(byte[] tsv, String what) throws DeltaException {
        if (tsv.length >= 2 && tsv[0] == 'P' && tsv[1] == 'K') throw new DeltaException(what + "是压缩包：增量只能在未压缩的 TSV 文件之间生成");
        List<String> lines = new ArrayList<>(Arrays.stream(strictUtf8(tsv, what).split("\n"))
                .map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l).filter(l -> !l.isEmpty()).toList());
        if (lines.isEmpty()) throw new DeltaException(what + "没有表头");
        return lines;
    }

    /**
     * The file as text, refused unless it is UTF-8: a lenient decode turns a GBK file (what a
     * spreadsheet saves on Chinese Windows) into U+FFFD names that the device's importer, reading
     * valid UTF-8 bytes, would take, where a full import of the same file is refused.
     */
    private static String strictUtf8(byte[] tsv, String what) throws DeltaException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(tsv)).toString();
        } catch (CharacterCodingException e) {
            throw new DeltaException(what + "不是 UTF-8 编码（第 " + lineOfFirstBadByte(tsv) + " 行），请另存为 UTF-8 后再生成增量");
        }
    }

    /** The 1-based line of the first byte a strict UTF-8 decode stops at. */
    private static long lineOfFirstBadByte(byte[] tsv) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(tsv);
        decoder.decode(in, CharBuffer.allocate(tsv.length), true);
        long line = 1;
        for (int i = 0; i < in.position(); i++) if (tsv[i] == '\n') line++;
        return line;
    }

    private static Map<String, Integer> counts(List<String> lines) {
        Map<String, Integer> counts = new HashMap<>();
        lines.forEach(l -> counts.merge(l, 1, Integer::sum));
        return counts;
    }

    /** Takes one {@code line} from {@code counts}; false when none is left. */
    private static boolean take(Map<String, Integer> counts, String line) {
        Integer n = counts.get(line);
        if (n == null) return false;
        if (n == 1) counts.remove(line);
        else counts.put(line, n - 1);
        return true;
    }

    private static JsonNode tree(byte[] delta) throws DeltaException {
        try {
            JsonNode d = BundleJson.mapper().readTree(delta);
            if (d == null || !d.isObject()) throw new DeltaException("增量不是 JSON 对象");
            return d;
        } catch (IOException e) {
            throw new DeltaException("增量不是有效的 JSON");
        }
    }
}
