package org.yibao.terminal.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.yibao.terminal.domain.policy.AccountRule;
import org.yibao.terminal.domain.policy.FundPayType;
import org.yibao.terminal.domain.policy.OfflineLimits;
import org.yibao.terminal.domain.policy.PayablePart;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PolicyReason;
import org.yibao.terminal.domain.policy.Rule;
import org.yibao.terminal.domain.policy.RuleBenefits;
import org.yibao.terminal.domain.policy.RuleCondition;

/**
 * Turns a parsed policy tree into a {@link Policy}, checking every key against
 * spec/policy-and-catalog.md. Problems are collected (all of them, with key paths) and the
 * policy is built only when there are none.
 */
final class PolicyTreeReader {
    private static final Set<String> TOP_KEYS = ordered(
            "admdvs", "version", "effective", "rounding", "accu_groups", "rules", "offline");
    private static final Set<String> RULE_KEYS = ordered("id", "when", "accu_group", "deductible",
            "segments", "annual_cap", "visit_cap", "fund_pay_type", "account", "requires_opsp",
            "diseases");
    private static final Set<String> WHEN_KEYS = ordered("insutype", "psn_type", "med_type", "hosp_lv");
    private static final Set<String> ACCOUNT_KEYS = ordered("fund_pay_type", "may_pay");
    private static final Set<String> OFFLINE_KEYS = ordered("max_hours",
            "max_fund_pay_per_settlement", "max_fund_pay_per_day", "account_requires_cached_balance");
    private static final String GROUP_NAME = "[A-Za-z0-9_-]{1,40}";

    private final Problems problems = new Problems();
    private final YamlFields f;
    private final BenefitReader benefitReader;

    /** A reader of a tree whose numbers were written as {@code written} shows. */
    PolicyTreeReader(PlainNumbers written) {
        f = new YamlFields(problems, written);
        benefitReader = new BenefitReader(problems, f);
    }

    Problems problems() {
        return problems;
    }

    /** The policy, or empty when any problem was recorded. */
    Optional<Policy> read(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            problems.add(PolicyReason.NOT_YAML, "", "文件为空");
            return Optional.empty();
        }
        if (!f.isObject(root, "")) return Optional.empty();
        f.onlyKeys(root, "", TOP_KEYS, PolicyReason.UNKNOWN_KEY);
        Optional<String> admdvs = admdvs(root);
        Optional<String> version = f.requiredString(root, "version", "", PolicyReason.BAD_HEADER);
        Optional<LocalDate> effective = effective(root);
        rounding(root);
        Set<String> groups = accuGroups(root);
        List<Rule> rules = rules(root, groups);
        Optional<OfflineLimits> offline = f.required(root, "offline", "").flatMap(this::offline);
        if (problems.size() > 0) return Optional.empty();
        return Optional.of(new Policy(admdvs.orElseThrow(), version.orElseThrow(),
                effective.orElseThrow(), groups, rules, offline.orElseThrow()));
    }

    private Optional<String> admdvs(JsonNode root) {
        Optional<JsonNode> n = f.required(root, "admdvs", "");
        if (n.isEmpty()) return Optional.empty();
        if (n.get().isNumber() && !f.plain("admdvs", PolicyReason.BAD_HEADER)) return Optional.empty();
        String text = n.get().isIntegralNumber() ? n.get().asText() : null;
        Optional<String> s = text != null ? Optional.of(text)
                : f.string(n.get(), "admdvs", PolicyReason.BAD_HEADER);
        if (s.isPresent() && !s.get().matches("\\d{6}")) {
            problems.add(PolicyReason.BAD_HEADER, "admdvs", "统筹区编码须为6位数字：" + s.get());
            return Optional.empty();
        }
        return s;
    }

    private Optional<LocalDate> effective(JsonNode root) {
        Optional<JsonNode> n = f.required(root, "effective", "");
        if (n.isPresent() && n.get().isNumber()) { // 20260101: quoting it would not help, say the form
            problems.add(PolicyReason.BAD_HEADER, "effective", "日期须为 yyyy-MM-dd：" + n.get().asText());
            return Optional.empty();
        }
        Optional<String> s = n.flatMap(v -> f.string(v, "effective", PolicyReason.BAD_HEADER));
        if (s.isEmpty()) return Optional.empty();
        try {
            // LocalDate.parse also takes a signed year ("-2026-01-01", "+10000-01-01"): not yyyy-MM-dd
            if (!s.get().matches("\\d{4}-\\d{2}-\\d{2}")) throw new DateTimeParseException("not yyyy-MM-dd", s.get(), 0);
            return Optional.of(LocalDate.parse(s.get()));
        } catch (DateTimeParseException e) {
            problems.add(PolicyReason.BAD_HEADER, "effective", "日期须为 yyyy-MM-dd：" + s.get());
            return Optional.empty();
        }
    }

    private void rounding(JsonNode root) {
        YamlFields.present(root, "rounding").ifPresent(n -> {
            if (!n.isTextual() || !n.asText().equals("HALF_UP")) {
                problems.add(PolicyReason.BAD_ROUNDING, "rounding",
                        "只支持 HALF_UP（四舍五入到分），实际为 " + YamlFields.shown(n));
            }
        });
    }

    private Set<String> accuGroups(JsonNode root) {
        Set<String> groups = new LinkedHashSet<>();
        Optional<JsonNode> n = f.required(root, "accu_groups", "");
        if (n.isEmpty() || !f.isObject(n.get(), "accu_groups")) return groups;
        if (n.get().isEmpty()) problems.add(PolicyReason.BAD_ACCU_GROUP, "accu_groups", "至少声明一个累计组");
        n.get().properties().forEach(e -> {
            String path = Problems.child("accu_groups", e.getKey());
            if (!e.getKey().matches(GROUP_NAME)) {
                problems.add(PolicyReason.BAD_ACCU_GROUP, path, "累计组名只能含字母、数字、_ 和 -");
            }
            JsonNode v = e.getValue();
            if (!v.isNull() && !(v.isObject() && v.isEmpty())) {
                problems.add(PolicyReason.UNKNOWN_KEY, path, "累计组的值须为 {}（目前没有可配置项）");
            }
            groups.add(e.getKey());
        });
        return groups;
    }

    private List<Rule> rules(JsonNode root, Set<String> groups) {
        List<Rule> rules = new ArrayList<>();
        Optional<List<JsonNode>> items = f.required(root, "rules", "").flatMap(n -> f.list(n, "rules"));
        if (items.isEmpty()) return rules;
        if (items.get().isEmpty()) problems.add(PolicyReason.NO_RULES, "rules", "至少需要一条规则");
        Set<String> ids = new HashSet<>();
        // A declared group no rule names is simply unused (the spec does not forbid it).
        for (int i = 0; i < items.get().size(); i++) {
            String path = Problems.index("rules", i);
            readRule(items.get().get(i), path, groups, ids).ifPresent(rules::add);
        }
        return rules;
    }

    private Optional<Rule> readRule(JsonNode n, String path, Set<String> groups, Set<String> ids) {
        if (!f.isObject(n, path)) return Optional.empty();
        int before = problems.size();
        f.onlyKeys(n, path, RULE_KEYS, PolicyReason.UNKNOWN_KEY);
        Optional<String> id = f.requiredString(n, "id", path, PolicyReason.MISSING_KEY);
        id.ifPresent(s -> {
            if (!ids.add(s)) {
                problems.add(PolicyReason.DUPLICATE_RULE_ID, Problems.child(path, "id"), "规则编号重复：" + s);
            }
        });
        RuleCondition when = YamlFields.present(n, "when").map(w -> when(w, Problems.child(path, "when")))
                .orElse(RuleCondition.ANY);
        Optional<String> group = accuGroup(n, path, groups);
        Optional<RuleBenefits> benefits = benefitReader.benefits(n, path);
        Optional<FundPayType> fundPayType = fundPayType(n, path, false);
        Optional<AccountRule> account = YamlFields.present(n, "account")
                .flatMap(a -> account(a, Problems.child(path, "account")));
        if (problems.size() > before) return Optional.empty();
        return Optional.of(new Rule(id.orElseThrow(), when, group.orElseThrow(), benefits.orElseThrow(),
                fundPayType.orElseThrow(), account));
    }

    private Optional<String> accuGroup(JsonNode n, String path, Set<String> groups) {
        Optional<String> g = f.requiredString(n, "accu_group", path, PolicyReason.BAD_ACCU_GROUP);
        g.ifPresent(s -> {
            if (!groups.contains(s)) {
                problems.add(PolicyReason.BAD_ACCU_GROUP, Problems.child(path, "accu_group"),
                        "累计组未在 accu_groups 中声明：" + s);
            }
        });
        return g;
    }

    private RuleCondition when(JsonNode n, String path) {
        if (!f.isObject(n, path)) return RuleCondition.ANY;
        f.onlyKeys(n, path, WHEN_KEYS, PolicyReason.BAD_WHEN);
        Optional<Set<String>> insutype = codes(n, path, "insutype", "\\d{3}", "险种类型");
        Optional<Set<String>> psnType = codes(n, path, "psn_type", "\\d{1,6}", "人员类别");
        Optional<Set<String>> medType = codes(n, path, "med_type", "\\d{1,6}", "医疗类别");
        Optional<Set<String>> hospLv = codes(n, path, "hosp_lv", "[123]|pharmacy", "机构等级（1、2、3 或 pharmacy）");
        return new RuleCondition(insutype, psnType, medType, hospLv);
    }

    private Optional<Set<String>> codes(JsonNode when, String path, String key, String regex, String what) {
        JsonNode v = when.get(key);
        if (v == null) return Optional.empty();
        String p = Problems.child(path, key);
        if (v.isNull()) {
            problems.add(PolicyReason.BAD_WHEN, p, "不能为 null（不限制时请删除该键）");
            return Optional.empty();
        }
        if (!v.isArray() && !v.isTextual() && !v.isIntegralNumber()) {
            problems.add(PolicyReason.WRONG_TYPE, p, "须为带引号的字符串或字符串列表，实际为 " + YamlFields.shown(v));
            return Optional.empty();
        }
        return f.codes(v, p, regex, what);
    }

    private Optional<FundPayType> fundPayType(JsonNode n, String path, boolean account) {
        String p = Problems.child(path, "fund_pay_type");
        Optional<String> code = f.requiredCode(n, "fund_pay_type", path, PolicyReason.BAD_FUND_PAY_TYPE);
        if (code.isEmpty()) return Optional.empty();
        Optional<FundPayType> t = FundPayType.ofCode(code.get());
        if (t.isEmpty()) {
            problems.add(PolicyReason.BAD_FUND_PAY_TYPE, p, "未知的基金支付类型：" + code.get());
        } else if (t.get().isAccount() != account) {
            problems.add(PolicyReason.BAD_FUND_PAY_TYPE, p, account
                    ? "个人账户须使用个人账户基金类型（310200）：" + code.get()
                    : "统筹基金不能使用个人账户类型：" + code.get());
            return Optional.empty();
        }
        return t;
    }

    private Optional<AccountRule> account(JsonNode n, String path) {
        if (!f.isObject(n, path)) return Optional.empty();
        int before = problems.size();
        f.onlyKeys(n, path, ACCOUNT_KEYS, PolicyReason.UNKNOWN_KEY);
        Optional<FundPayType> type = fundPayType(n, path, true);
        List<PayablePart> parts = new ArrayList<>();
        String p = Problems.child(path, "may_pay");
        Optional<List<JsonNode>> items = f.required(n, "may_pay", path).flatMap(m -> f.list(m, p));
        items.ifPresent(list -> {
            if (list.isEmpty()) problems.add(PolicyReason.BAD_MAY_PAY, p, "不能为空（不允许账户支付时请删除 account）");
            for (int i = 0; i < list.size(); i++) {
                mayPay(list.get(i), Problems.index(p, i), parts);
            }
        });
        if (problems.size() > before) return Optional.empty();
        return Optional.of(new AccountRule(type.orElseThrow(), parts));
    }

    private void mayPay(JsonNode n, String path, List<PayablePart> parts) {
        f.string(n, path, PolicyReason.BAD_MAY_PAY).ifPresent(name -> {
            Optional<PayablePart> part = PayablePart.ofYamlName(name);
            if (part.isEmpty()) {
                problems.add(PolicyReason.BAD_MAY_PAY, path, "未知的支付部分：" + name
                        + "（允许：fulamt_ownpay, overlmt_selfpay, preselfpay, pool_selfpay, deductible）");
            } else if (parts.contains(part.get())) {
                problems.add(PolicyReason.BAD_MAY_PAY, path, "重复：" + name);
            } else {
                parts.add(part.get());
            }
        });
    }

    private Optional<OfflineLimits> offline(JsonNode n) {
        String path = "offline";
        if (!f.isObject(n, path)) return Optional.empty();
        int before = problems.size();
        f.onlyKeys(n, path, OFFLINE_KEYS, PolicyReason.UNKNOWN_KEY);
        Optional<Integer> hours = f.required(n, "max_hours", path).flatMap(h -> maxHours(h));
        OptionalLong perSettlement = f.requiredAmount(n, "max_fund_pay_per_settlement", path);
        OptionalLong perDay = f.requiredAmount(n, "max_fund_pay_per_day", path);
        Optional<Boolean> cached = f.required(n, "account_requires_cached_balance", path)
                .flatMap(b -> f.bool(b, Problems.child(path, "account_requires_cached_balance")));
        if (problems.size() > before) return Optional.empty();
        return Optional.of(new OfflineLimits(hours.orElseThrow(), perSettlement.getAsLong(),
                perDay.getAsLong(), cached.orElseThrow()));
    }

    private Optional<Integer> maxHours(JsonNode h) {
        String path = "offline.max_hours";
        if (!h.isIntegralNumber() || !h.canConvertToInt() || h.intValue() < 0) {
            problems.add(PolicyReason.BAD_OFFLINE, path, "须为不小于0的整数小时数，实际为 " + YamlFields.shown(h));
            return Optional.empty();
        }
        return f.plain(path, PolicyReason.BAD_OFFLINE) ? Optional.of(h.intValue()) : Optional.empty();
    }

    private static Set<String> ordered(String... keys) {
        return new LinkedHashSet<>(List.of(keys));
    }
}
