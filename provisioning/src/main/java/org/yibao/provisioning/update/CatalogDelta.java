package org.yibao.provisioning.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yibao.provisioning.bundle.BundleJson;

/**
 * A catalogue delta: the data lines to remove from, and to add to, a full catalogue TSV the
 * device already holds (its {@code base_sha256}), so a new version travels as its changes only.
 * {@link #apply} rebuilds the file the same way on both sides (header, the base's lines minus the
 * removed ones in their order, then the added ones) and the device checks the result against
 * {@code result_sha256} before importing it as a full file, with every check a full import has:
 *
 * <pre>
 * {"base_sha256":HEX,"result_sha256":HEX,"remove":[LINE,…],"add":[LINE,…]}
 * </pre>
 */
public final class CatalogDelta {
    private CatalogDelta() {
    }

    /** Why a delta cannot be made or used, in Chinese (it reaches the centre's result and the technician's refusal). */
    public static final class DeltaException extends Exception {
        private static final long serialVersionUID = 1L;

        public DeltaException(String message) {
            super(message);
        }
    }

    /** The delta from {@code base} to {@code target} (both plain UTF-8 TSV with the same header). */
    public static byte[] compute(byte[] base, byte[] target) throws DeltaException {
        List<String> from = lines(base, "基准目录");
        List<String> to = lines(target, "新目录");
        if (!from.getFirst().equals(to.getFirst())) throw new DeltaException("表头已改变，须发送全量目录");
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
        var removed = delta.putArray("remove");
        remove.forEach(removed::add);
        var added = delta.putArray("add");
        add.forEach(added::add);
        return delta.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The SHA-256 (hex) of the base {@code delta} applies to. */
    public static String baseSha256(byte[] delta) throws DeltaException {
        return tree(delta).path("base_sha256").asText("");
    }

    /** Rebuilds the full file from {@code base} and {@code delta}; refuses a wrong base or a result that differs. */
    public static byte[] apply(byte[] base, byte[] delta) throws DeltaException {
        JsonNode d = tree(delta);
        if (!UpdateEnvelope.sha256(base).equals(d.path("base_sha256").asText(""))) {
            throw new DeltaException("本机所存的目录不是该增量的基准版本");
        }
        if (!d.path("remove").isArray() || !d.path("add").isArray()) throw new DeltaException("增量的 remove 和 add 须为列表");
        List<String> from = lines(base, "基准目录");
        Map<String, Integer> removing = new HashMap<>();
        d.path("remove").forEach(n -> removing.merge(n.asText(), 1, Integer::sum));
        List<String> remove = new ArrayList<>();
        for (String line : from.subList(1, from.size())) {
            if (take(removing, line)) remove.add(line);
        }
        if (!removing.isEmpty()) throw new DeltaException("有 " + removing.size() + " 行要删除的内容不在基准目录中");
        List<String> add = new ArrayList<>();
        d.path("add").forEach(n -> add.add(n.asText()));
        byte[] result = rebuild(from, remove, add);
        if (!UpdateEnvelope.sha256(result).equals(d.path("result_sha256").asText(""))) {
            throw new DeltaException("按增量重建的目录与中心的不一致（result_sha256 不符）");
        }
        return result;
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
        List<String> lines = new ArrayList<>(Arrays.stream(new String(tsv, StandardCharsets.UTF_8).split("\n"))
                .map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l).filter(l -> !l.isEmpty()).toList());
        if (lines.isEmpty()) throw new DeltaException(what + "没有表头");
        return lines;
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
