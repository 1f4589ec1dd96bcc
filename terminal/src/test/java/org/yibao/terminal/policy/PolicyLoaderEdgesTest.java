package org.yibao.terminal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.money.Fen;
import org.yibao.terminal.domain.policy.Benefit;
import org.yibao.terminal.domain.policy.OfflineLimits;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.PolicyWarnings;
import org.yibao.terminal.domain.policy.RuleBenefits;
import org.yibao.terminal.domain.settlement.Fixtures;

/**
 * The policy loader at the edges of what it accepts, and the refusals PolicyLoaderTest's broken
 * variants do not reach: each says what is wrong, at the key path, with its own code.
 */
class PolicyLoaderEdgesTest {
    private static final String EXAMPLE = Fixtures.resource("/examples/policy.yaml");
    private static final String MINIMAL = """
            admdvs: "371500"
            version: "t1"
            effective: 2026-01-01
            rounding: HALF_UP
            accu_groups: {g: {}}
            rules:
              - {id: r1, when: {med_type: ["41"]}, accu_group: g, deductible: 0, segments: [{upto: null, ratio: 0.5}], fund_pay_type: "310100"}
              - {id: r2, when: {med_type: ["14"]}, accu_group: g, requires_opsp: true, diseases: {"M03900": {deductible: 0, segments: [{upto: null, ratio: 0.8}]}}, fund_pay_type: "310100"}
            offline: {max_hours: 72, max_fund_pay_per_settlement: 500.00, max_fund_pay_per_day: 5000.00, account_requires_cached_balance: true}
            """;

    private static String replaced(String yaml, String from, String to) {
        assertEquals(1, yaml.split(java.util.regex.Pattern.quote(from), -1).length - 1,
                "the variant must replace exactly one place: " + from);
        return yaml.replace(from, to);
    }

    private static String refusal(String yaml, String code) {
        RefusedException e = assertThrows(RefusedException.class, () -> PolicyLoader.parse(yaml, "p.yaml"));
        assertEquals(code, e.refusal().reason().code(), e.refusal().errMsg());
        return e.refusal().detail();
    }

    @Test
    void theMinimalPolicyLoads() {
        assertEquals(List.of("r1", "r2"), PolicyLoader.parse(MINIMAL, "p.yaml").rules().stream()
                .map(r -> r.id()).toList());
    }

    static Stream<Arguments> refusedVariants() {
        return Stream.of(
                Arguments.of("accu_groups: {g: {}}", "accu_groups: {}", "1209", "accu_groups：至少声明一个累计组"),
                Arguments.of("accu_groups: {g: {}}", "accu_groups: {g: {}, \"g!\": {}}", "1209",
                        "accu_groups.g!：累计组名只能含字母、数字、_ 和 -"),
                Arguments.of("accu_groups: {g: {}}", "accu_groups: [g]", "1205", "accu_groups：须为键值映射"),
                Arguments.of("when: {med_type: [\"41\"]}", "when: \"41\"", "1205", "rules[0].when：须为键值映射"),
                Arguments.of("when: {med_type: [\"41\"]}", "when: {med_type: null}", "1211",
                        "rules[0].when.med_type：不能为 null（不限制时请删除该键）"),
                Arguments.of("when: {med_type: [\"41\"]}", "when: {med_type: {a: 1}}", "1205",
                        "rules[0].when.med_type：须为带引号的字符串或字符串列表，实际为 映射"),
                Arguments.of("version: \"t1\"", "version: \" \"", "1213", "version：不能为空"),
                Arguments.of("version: \"t1\"", "version: 7", "1205", "version：须为带引号的字符串，实际为 数字 7"),
                Arguments.of("version: \"t1\"", "version: true", "1205", "version：须为带引号的字符串，实际为 布尔值 true"),
                Arguments.of("version: \"t1\"", "version: [t1]", "1205", "version：须为带引号的字符串，实际为 列表"),
                Arguments.of("version: \"t1\"", "version: {t: 1}", "1205", "version：须为带引号的字符串，实际为 映射"),
                Arguments.of("diseases: {\"M03900\": {deductible: 0, segments: [{upto: null, ratio: 0.8}]}}",
                        "diseases: {}", "1216", "rules[1].diseases：至少列出一个病种"),
                Arguments.of("\"M03900\": {", "\" \": {", "1216", "病种编码不能为空"),
                Arguments.of("fund_pay_type: \"310100\"}\n  - {id: r2", "fund_pay_type: \"310200\"}\n  - {id: r2", "1214",
                        "rules[0].fund_pay_type：统筹基金不能使用个人账户类型：310200"),
                Arguments.of("segments: [{upto: null, ratio: 0.5}], fund_pay_type: \"310100\"}",
                        "segments: [{upto: null, ratio: 0.5}], fund_pay_type: \"310100\", account: {fund_pay_type: \"310100\", may_pay: [preselfpay]}}",
                        "1214", "rules[0].account.fund_pay_type：个人账户须使用个人账户基金类型（310200）：310100"),
                Arguments.of("segments: [{upto: null, ratio: 0.5}], fund_pay_type: \"310100\"}",
                        "segments: [{upto: null, ratio: 0.5}], fund_pay_type: \"310100\", account: \"310200\"}",
                        "1205", "rules[0].account：须为键值映射"),
                Arguments.of("segments: [{upto: null, ratio: 0.5}], fund_pay_type: \"310100\"}",
                        "segments: [{upto: null, ratio: 0.5}], fund_pay_type: \"310100\", account: {fund_pay_type: \"310200\", may_pay: []}}",
                        "1215", "rules[0].account.may_pay：不能为空（不允许账户支付时请删除 account）"),
                Arguments.of("max_hours: 72", "max_hours: -1", "1217", "offline.max_hours：须为不小于0的整数小时数，实际为 数字 -1"),
                Arguments.of("offline: {max_hours: 72, max_fund_pay_per_settlement: 500.00, max_fund_pay_per_day: 5000.00, account_requires_cached_balance: true}",
                        "offline: 72", "1205", "offline：须为键值映射"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("refusedVariants")
    void eachProblemIsRefusedSayingWhatAndWhere(String from, String to, String code, String says) {
        String detail = refusal(replaced(MINIMAL, from, to), code);
        assertTrue(detail.contains(says), detail);
    }

    /** A value that should be a mapping is one error, not followed by "必填" for each key it lacks. */
    @Test
    void aNonMappingIsOneErrorNotACascadeOfMissingKeys() {
        String detail = refusal(replaced(MINIMAL, "fund_pay_type: \"310100\"}\n  - {id: r2",
                "fund_pay_type: \"310100\", account: \"310200\"}\n  - {id: r2"), "1205");
        assertEquals("p.yaml：rules[0].account：须为键值映射（mapping）", detail);
    }

    @Test
    void aPolicyWithoutRulesIsRefused() {
        String noRules = MINIMAL.substring(0, MINIMAL.indexOf("rules:")) + "rules: []\n"
                + MINIMAL.substring(MINIMAL.indexOf("offline:"));
        assertTrue(refusal(noRules, "1218").contains("rules：至少需要一条规则"));
        String notAList = MINIMAL.substring(0, MINIMAL.indexOf("rules:")) + "rules: {r1: 1}\n"
                + MINIMAL.substring(MINIMAL.indexOf("offline:"));
        assertTrue(refusal(notAList, "1205").contains("rules：须为列表，实际为 映射"));
    }

    @Test
    void theLargestAmountIsAcceptedAndOneFenMoreIsRefused() {
        Policy p = PolicyLoader.parse(replaced(EXAMPLE, "annual_cap: 3000.00", "annual_cap: 99999999999.99"), "p.yaml");
        Benefit active = ((RuleBenefits.Flat) p.rules().getFirst().benefits()).benefit();
        assertEquals(OptionalLong.of(Fen.MAX), active.annualCap());
        String detail = refusal(replaced(EXAMPLE, "annual_cap: 3000.00", "annual_cap: 100000000000.00"), "1206");
        assertTrue(detail.contains("rules[0].annual_cap：金额过大："), detail);
    }

    @Test
    void zeroOfflineHoursAndZeroLimitsAreValid() {
        // max_hours 0: fund and account payments need the centre; self-pay still works offline.
        Policy p = PolicyLoader.parse(replaced(MINIMAL, "offline: {max_hours: 72, max_fund_pay_per_settlement: 500.00, max_fund_pay_per_day: 5000.00",
                "offline: {max_hours: 0, max_fund_pay_per_settlement: 0, max_fund_pay_per_day: 0"), "p.yaml");
        assertEquals(new OfflineLimits(0, 0, 0, true), p.offline());
        // The backlog limit is never under an hour, so claims merely in flight never refuse a settlement.
        assertEquals(java.time.Duration.ofHours(1), p.offline().backlogAgeLimit());
        assertEquals(java.time.Duration.ofHours(72), new OfflineLimits(72, 0, 0, true).backlogAgeLimit());
        assertThrows(IllegalArgumentException.class, () -> new OfflineLimits(-1, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new OfflineLimits(0, -1, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new OfflineLimits(0, 0, -1, true));
    }

    @Test
    void anUnquotedAdmdvsIsReadAsWrittenButNotAsAnOctalNumber() {
        assertEquals("371500", PolicyLoader.parse(replaced(MINIMAL, "admdvs: \"371500\"", "admdvs: 371500"), "p.yaml")
                .admdvs());
        // YAML 1.1 reads 0371500 as octal 127808, six digits that would pass as an admdvs.
        String detail = refusal(replaced(MINIMAL, "admdvs: \"371500\"", "admdvs: 0371500"), "1213");
        assertTrue(detail.contains("admdvs："), detail);
    }

    @Test
    void aPerDiseaseRuleWithoutRequiresOpspIsWarnedAbout() {
        assertEquals(List.of(), PolicyWarnings.of(PolicyLoader.parse(MINIMAL, "p.yaml")));
        List<String> warnings = PolicyWarnings.of(PolicyLoader.parse(replaced(MINIMAL, "requires_opsp: true, ", ""),
                "p.yaml"));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.getFirst().startsWith("rules[1]（r2）按病种支付但未设 requires_opsp: true"), warnings.getFirst());
    }

    @Test
    void yamlSyntaxErrorsAreNamedPrecisely() {
        assertTrue(yamlDetail("a: \"\\q\"\n").endsWith("双引号内有无效的转义字符"));
        assertTrue(yamlDetail("- a\nb: 1\n").endsWith("缩进不一致"));
        assertTrue(yamlDetail("a: 1\n---\nb: 2\n").endsWith("只能有一个 YAML 文档（不能有第二个 ---）"));
        assertTrue(yamlDetail("? [a]\n: 1\n").endsWith("键须为文字，不能是列表或映射"));
    }

    private static String yamlDetail(String yaml) {
        return refusal(yaml, "1202");
    }
}
