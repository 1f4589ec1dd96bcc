package org.yibao.terminal.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.yibao.terminal.domain.money.Fen;
import org.yibao.terminal.domain.money.Ratio;
import org.yibao.terminal.domain.policy.PolicyReason;

/**
 * Typed, path-aware reads of a YAML tree. Every read that fails records a {@link Problems}
 * entry naming the key path and returns an empty or neutral value; the caller refuses the
 * whole file when any problem was recorded.
 */
final class YamlFields {
    private final Problems problems;
    private final PlainNumbers written;

    YamlFields(Problems problems, PlainNumbers written) {
        this.problems = problems;
        this.written = written;
    }

    /** Records an error for every key of {@code obj} not in {@code allowed}. */
    void onlyKeys(JsonNode obj, String path, Set<String> allowed, PolicyReason reason) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                problems.add(reason, Problems.child(path, key),
                        "未知配置项（允许：" + String.join(", ", allowed) + "；拼写错误不能被悄悄忽略）");
            }
        }
    }

    /** True when {@code obj} is a mapping; else records the error. */
    boolean isObject(JsonNode node, String path) {
        if (node != null && node.isObject()) return true;
        problems.add(PolicyReason.WRONG_TYPE, path, "须为键值映射（mapping）");
        return false;
    }

    /** The value at {@code key}, absent when missing or YAML null. */
    static Optional<JsonNode> present(JsonNode obj, String key) {
        JsonNode n = obj.get(key);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    Optional<JsonNode> required(JsonNode obj, String key, String path) {
        Optional<JsonNode> n = present(obj, key);
        if (n.isEmpty()) problems.add(PolicyReason.MISSING_KEY, Problems.child(path, key), "必填");
        return n;
    }

    /** A required non-empty string (quoted in YAML). */
    Optional<String> requiredString(JsonNode obj, String key, String path, PolicyReason reason) {
        return required(obj, key, path).flatMap(n -> string(n, Problems.child(path, key), reason));
    }

    Optional<String> string(JsonNode n, String path, PolicyReason reason) {
        if (!n.isTextual()) {
            problems.add(PolicyReason.WRONG_TYPE, path, "须为带引号的字符串，实际为 " + shown(n));
            return Optional.empty();
        }
        if (n.asText().isBlank()) {
            problems.add(reason, path, "不能为空");
            return Optional.empty();
        }
        return Optional.of(n.asText());
    }

    /** A required amount in yuan (number, >= 0, at most 2 decimals), as fen. */
    OptionalLong requiredAmount(JsonNode obj, String key, String path) {
        Optional<JsonNode> n = required(obj, key, path);
        return n.isEmpty() ? OptionalLong.empty() : amount(n.get(), Problems.child(path, key));
    }

    /** An optional cap: missing or null means none (empty); an invalid value records an error. */
    OptionalLong optionalAmount(JsonNode obj, String key, String path) {
        Optional<JsonNode> n = present(obj, key);
        return n.isEmpty() ? OptionalLong.empty() : amount(n.get(), Problems.child(path, key));
    }

    OptionalLong amount(JsonNode n, String path) {
        Optional<BigDecimal> v = number(n, path, PolicyReason.BAD_AMOUNT);
        if (v.isEmpty()) return OptionalLong.empty();
        BigDecimal d = v.get();
        if (d.signum() < 0) {
            problems.add(PolicyReason.BAD_AMOUNT, path, "金额不能为负数：" + d.toPlainString());
        } else if (d.stripTrailingZeros().scale() > 2) {
            problems.add(PolicyReason.BAD_AMOUNT, path, "金额最多2位小数：" + d.toPlainString());
        } else if (d.movePointRight(2).compareTo(BigDecimal.valueOf(Fen.MAX)) > 0) {
            problems.add(PolicyReason.BAD_AMOUNT, path, "金额过大：" + d.toPlainString());
        } else {
            return OptionalLong.of(Fen.ofYuanExact(d.stripTrailingZeros().setScale(2)));
        }
        return OptionalLong.empty();
    }

    Optional<Ratio> requiredRatio(JsonNode obj, String key, String path) {
        Optional<JsonNode> n = required(obj, key, path);
        String p = Problems.child(path, key);
        Optional<BigDecimal> v = n.flatMap(x -> number(x, p, PolicyReason.BAD_RATIO));
        if (v.isEmpty()) return Optional.empty();
        if (!Ratio.isValid(v.get())) {
            problems.add(PolicyReason.BAD_RATIO, p,
                    "比例须在0到1之间且最多4位小数：" + v.get().toPlainString());
            return Optional.empty();
        }
        return Optional.of(Ratio.of(v.get()));
    }

    /** The number at {@code path}; one not written as a plain decimal is a {@code notPlain} problem. */
    Optional<BigDecimal> number(JsonNode n, String path, PolicyReason notPlain) {
        if (!n.isNumber()) {
            problems.add(PolicyReason.WRONG_TYPE, path, "须为数字（不加引号），实际为 " + shown(n));
            return Optional.empty();
        }
        return plain(path, notPlain) ? Optional.of(n.decimalValue()) : Optional.empty();
    }

    /**
     * Whether the number at {@code path} was written as a plain decimal ({@code 100}, {@code 0.15});
     * records a {@code reason} problem when not ({@code 0100} would be read as octal 64).
     */
    boolean plain(String path, PolicyReason reason) {
        Optional<String> written = this.written.notPlainAt(path);
        written.ifPresent(w -> problems.add(reason, path, PlainNumbers.why(w)));
        return written.isEmpty();
    }

    Optional<Boolean> bool(JsonNode n, String path) {
        if (!n.isBoolean()) {
            problems.add(PolicyReason.WRONG_TYPE, path, "须为 true 或 false，实际为 " + shown(n));
            return Optional.empty();
        }
        return Optional.of(n.booleanValue());
    }

    /** The elements of a sequence, or empty (with an error) when it is not one. */
    Optional<List<JsonNode>> list(JsonNode n, String path) {
        if (!n.isArray()) {
            problems.add(PolicyReason.WRONG_TYPE, path, "须为列表，实际为 " + shown(n));
            return Optional.empty();
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return Optional.of(out);
    }

    /**
     * A code: quoted text, or a whole number written plainly ({@code 41}, read as the digits
     * written); one YAML would read as another number ({@code 041}, octal) is refused, saying to
     * quote it, and any other number is refused as not text.
     */
    Optional<String> code(JsonNode n, String path, PolicyReason reason) {
        if (n.isIntegralNumber()) return plain(path, PolicyReason.WRONG_TYPE) ? Optional.of(n.asText()) : Optional.empty();
        return string(n, path, reason);
    }

    /** A required {@link #code}. */
    Optional<String> requiredCode(JsonNode obj, String key, String path, PolicyReason reason) {
        return required(obj, key, path).flatMap(n -> code(n, Problems.child(path, key), reason));
    }

    /** A code, or a list of codes, as a non-empty set of codes each matching {@code regex}. */
    Optional<Set<String>> codes(JsonNode n, String path, String regex, String what) {
        List<JsonNode> items = n.isArray() ? list(n, path).orElseThrow() : List.of(n);
        if (items.isEmpty()) {
            problems.add(PolicyReason.BAD_WHEN, path, "列表为空，规则将永远不会匹配");
            return Optional.empty();
        }
        Set<String> out = new LinkedHashSet<>();
        int before = problems.size();
        for (int i = 0; i < items.size(); i++) {
            String p = n.isArray() ? Problems.index(path, i) : path;
            code(items.get(i), p, PolicyReason.BAD_WHEN).ifPresent(s -> {
                if (s.matches(regex)) out.add(s);
                else problems.add(PolicyReason.BAD_WHEN, p, "不是有效的" + what + "：" + s);
            });
        }
        return problems.size() == before ? Optional.of(out) : Optional.empty();
    }

    static String shown(JsonNode n) {
        String kind = n.isTextual() ? "字符串" : n.isNumber() ? "数字" : n.isBoolean() ? "布尔值"
                : n.isArray() ? "列表" : n.isObject() ? "映射" : "空值";
        String text = n.isContainerNode() ? "" : " " + n.asText();
        return kind + text;
    }
}
