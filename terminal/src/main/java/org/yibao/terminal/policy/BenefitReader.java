package org.yibao.terminal.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.yibao.terminal.domain.policy.Benefit;
import org.yibao.terminal.domain.policy.PolicyReason;
import org.yibao.terminal.domain.policy.RuleBenefits;
import org.yibao.terminal.domain.policy.Segment;

/**
 * Reads what a rule pays: its own deductible, segments and caps, or per disease
 * ({@code diseases}, with {@code requires_opsp}); never both. Segments need strictly
 * increasing bounds and an open ({@code null}) last band only.
 */
final class BenefitReader {
    private static final Set<String> BENEFIT_KEYS =
            new LinkedHashSet<>(List.of("deductible", "segments", "annual_cap", "visit_cap"));
    private static final Set<String> SEGMENT_KEYS = new LinkedHashSet<>(List.of("upto", "ratio"));

    private final Problems problems;
    private final YamlFields f;

    BenefitReader(Problems problems, YamlFields f) {
        this.problems = problems;
        this.f = f;
    }

    Optional<RuleBenefits> benefits(JsonNode rule, String path) {
        boolean hasDiseases = rule.has("diseases");
        Optional<Boolean> requiresOpsp = YamlFields.present(rule, "requires_opsp")
                .flatMap(b -> f.bool(b, Problems.child(path, "requires_opsp")));
        if (!hasDiseases) {
            if (requiresOpsp.orElse(false)) {
                problems.add(PolicyReason.BAD_DISEASES, Problems.child(path, "requires_opsp"),
                        "requires_opsp 只能用于设置了 diseases 的规则");
            }
            return benefit(rule, path).map(RuleBenefits.Flat::new);
        }
        for (String k : BENEFIT_KEYS) {
            if (rule.has(k)) {
                problems.add(PolicyReason.BAD_DISEASES, Problems.child(path, k),
                        "设置了 diseases 的规则从病种条目取起付线、分段和封顶，不能再在规则上设置 " + k);
            }
        }
        return diseases(rule.get("diseases"), Problems.child(path, "diseases"))
                .map(d -> new RuleBenefits.PerDisease(d, requiresOpsp.orElse(false)));
    }

    private Optional<Map<String, Benefit>> diseases(JsonNode n, String path) {
        if (!f.isObject(n, path)) return Optional.empty();
        if (n.isEmpty()) {
            problems.add(PolicyReason.BAD_DISEASES, path, "至少列出一个病种");
            return Optional.empty();
        }
        int before = problems.size();
        Map<String, Benefit> out = new LinkedHashMap<>();
        n.properties().forEach(e -> {
            String p = Problems.child(path, e.getKey());
            if (e.getKey().isBlank()) problems.add(PolicyReason.BAD_DISEASES, p, "病种编码不能为空");
            if (f.isObject(e.getValue(), p)) {
                f.onlyKeys(e.getValue(), p, BENEFIT_KEYS, PolicyReason.UNKNOWN_KEY);
                benefit(e.getValue(), p).ifPresent(b -> out.put(e.getKey(), b));
            }
        });
        return problems.size() == before ? Optional.of(out) : Optional.empty();
    }

    private Optional<Benefit> benefit(JsonNode n, String path) {
        int before = problems.size();
        OptionalLong deductible = f.requiredAmount(n, "deductible", path);
        Optional<List<Segment>> segments = f.required(n, "segments", path)
                .flatMap(s -> segments(s, Problems.child(path, "segments")));
        OptionalLong annualCap = f.optionalAmount(n, "annual_cap", path);
        OptionalLong visitCap = f.optionalAmount(n, "visit_cap", path);
        if (problems.size() > before) return Optional.empty();
        return Optional.of(new Benefit(deductible.orElseThrow(), segments.orElseThrow(), annualCap, visitCap));
    }

    private Optional<List<Segment>> segments(JsonNode n, String path) {
        Optional<List<JsonNode>> items = f.list(n, path);
        if (items.isEmpty()) return Optional.empty();
        if (items.get().isEmpty()) {
            problems.add(PolicyReason.BAD_SEGMENTS, path, "至少需要一个分段");
            return Optional.empty();
        }
        int before = problems.size();
        List<Segment> out = new ArrayList<>();
        long previous = 0;
        for (int i = 0; i < items.get().size(); i++) {
            String p = Problems.index(path, i);
            JsonNode s = items.get().get(i);
            if (!f.isObject(s, p)) continue;
            f.onlyKeys(s, p, SEGMENT_KEYS, PolicyReason.UNKNOWN_KEY);
            boolean last = i == items.get().size() - 1;
            OptionalLong upto = upto(s, p, last, previous);
            if (upto.isPresent()) previous = upto.getAsLong();
            f.requiredRatio(s, "ratio", p).ifPresent(r -> out.add(new Segment(upto, r)));
        }
        return problems.size() == before ? Optional.of(out) : Optional.empty();
    }

    private OptionalLong upto(JsonNode s, String p, boolean last, long previous) {
        String path = Problems.child(p, "upto");
        if (!s.has("upto")) {
            problems.add(PolicyReason.MISSING_KEY, path, "必填（最后一段写 null 表示不设上限）");
            return OptionalLong.empty();
        }
        JsonNode v = s.get("upto");
        if (v.isNull()) {
            if (!last) problems.add(PolicyReason.BAD_SEGMENTS, path, "只有最后一段的 upto 可以为 null");
            return OptionalLong.empty();
        }
        OptionalLong fen = f.amount(v, path);
        if (fen.isEmpty()) return fen;
        if (last) {
            problems.add(PolicyReason.BAD_SEGMENTS, path, "最后一段的 upto 须为 null（不设上限）");
        } else if (fen.getAsLong() <= previous) {
            problems.add(PolicyReason.BAD_SEGMENTS, path, "upto 须严格递增且大于0");
        }
        return fen;
    }
}
