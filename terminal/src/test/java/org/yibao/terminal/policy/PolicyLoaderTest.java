package org.yibao.terminal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.domain.money.Ratio;
import org.yibao.terminal.domain.policy.Benefit;
import org.yibao.terminal.domain.policy.FundPayType;
import org.yibao.terminal.domain.policy.OfflineLimits;
import org.yibao.terminal.domain.policy.PayablePart;
import org.yibao.terminal.domain.policy.Policy;
import org.yibao.terminal.domain.policy.Rule;
import org.yibao.terminal.domain.policy.RuleBenefits;
import org.yibao.terminal.domain.policy.RuleKey;
import org.yibao.terminal.domain.policy.Segment;
import org.yibao.terminal.domain.settlement.Fixtures;

/** The policy loader on the spec's example and on one broken variant per validation rule. */
class PolicyLoaderTest {
    private static final String EXAMPLE = Fixtures.resource("/examples/policy.yaml");

    @Test
    void loadsTheSpecExampleExactly() {
        Policy p = PolicyLoader.parse(EXAMPLE, "policy.yaml");
        assertEquals("371500", p.admdvs());
        assertEquals("2026.03", p.version());
        assertEquals(LocalDate.of(2026, 1, 1), p.effective());
        assertEquals(Set.of("outpatient", "chronic"), p.accuGroups());
        assertEquals(List.of("emp-active-pharmacy", "emp-retired-pharmacy", "resident-outpatient", "chronic"),
                p.rules().stream().map(Rule::id).toList());
        Rule active = p.rules().getFirst();
        // deductible 200.00 = 20000 fen; segments 2000.00 at 0.70, then open at 0.60; cap 3000.00.
        assertEquals(new RuleBenefits.Flat(new Benefit(20000, List.of(
                new Segment(OptionalLong.of(200000), new Ratio(7000)),
                new Segment(OptionalLong.empty(), new Ratio(6000))), OptionalLong.of(300000), OptionalLong.empty())),
                active.benefits());
        assertEquals(FundPayType.EMPLOYEE_POOL, active.fundPayType());
        assertEquals(List.of(PayablePart.values()), active.account().orElseThrow().mayPay());
        assertTrue(p.rules().get(2).account().isEmpty(), "residents have no account");
        RuleBenefits.PerDisease chronic = assertInstanceOf(RuleBenefits.PerDisease.class, p.rules().get(3).benefits());
        assertTrue(chronic.requiresOpsp());
        assertEquals(OptionalLong.of(500000), chronic.forDisease("M03900").orElseThrow().annualCap());
        assertEquals(new OfflineLimits(72, 50000, 500000, true), p.offline());
    }

    @Test
    void matchingTakesTheFirstRuleAndMissingKeysMatchAnything() {
        Policy p = PolicyLoader.parse(EXAMPLE, "policy.yaml");
        assertEquals(Optional.of("emp-active-pharmacy"), id(p, new RuleKey("310", "11", "41", "pharmacy")));
        assertEquals(Optional.of("emp-retired-pharmacy"), id(p, new RuleKey("310", "12", "11", "3")));
        assertEquals(Optional.of("resident-outpatient"), id(p, new RuleKey("390", "", "11", "1")));
        assertEquals(Optional.empty(), id(p, new RuleKey("390", "", "11", "2")));
        // chronic has only med_type: any insutype, psn_type and level.
        assertEquals(Optional.of("chronic"), id(p, new RuleKey("390", "99", "14", "3")));
        assertEquals(Optional.empty(), id(p, new RuleKey("310", "11", "13", "pharmacy")));
    }

    private static Optional<String> id(Policy p, RuleKey key) {
        return p.firstMatching(key).map(Rule::id);
    }

    @Test
    void aDeclaredGroupThatNoRuleUsesIsAllowed(@TempDir Path dir) throws IOException {
        // The spec's example trimmed of its chronic rule, keeping `chronic: {}` in accu_groups.
        String trimmed = EXAMPLE.substring(0, EXAMPLE.indexOf("  - id: chronic"))
                + EXAMPLE.substring(EXAMPLE.indexOf("offline:"));
        Policy p = PolicyLoader.load(Files.writeString(dir.resolve("trimmed.yaml"), trimmed, StandardCharsets.UTF_8));
        assertEquals(Set.of("outpatient", "chronic"), p.accuGroups());
        assertEquals(List.of("emp-active-pharmacy", "emp-retired-pharmacy", "resident-outpatient"),
                p.rules().stream().map(Rule::id).toList());
        Policy extra = PolicyLoader.parse(EXAMPLE.replace("  chronic: {}", "  chronic: {}\n  dental: {}"), "p.yaml");
        assertEquals(Set.of("outpatient", "chronic", "dental"), extra.accuGroups());
    }

    @Test
    void anEmptyValueIsYamlNullLikeTheWordNull() {
        // In YAML `visit_cap:` with nothing after it is null, the same as `visit_cap: null`, which
        // the spec says means no cap; likewise an empty annual_cap, the open last segment's upto and
        // an accumulator group declared with no value. A quoted "" stays an (empty) string.
        Policy p = PolicyLoader.parse(EXAMPLE
                .replace("visit_cap: null", "visit_cap:")
                .replace("annual_cap: 3000.00", "annual_cap:")
                .replace("{upto: null,   ratio: 0.60}", "{upto: , ratio: 0.60}")
                .replace("  chronic: {}", "  chronic:"), "p.yaml");
        Benefit active = ((RuleBenefits.Flat) p.rules().getFirst().benefits()).benefit();
        assertEquals(OptionalLong.empty(), active.visitCap());
        assertEquals(OptionalLong.empty(), active.annualCap());
        assertEquals(OptionalLong.empty(), active.segments().getLast().upto());
        assertEquals(Set.of("outpatient", "chronic"), p.accuGroups());
        RefusedException quoted = assertThrows(RefusedException.class,
                () -> PolicyLoader.parse(EXAMPLE.replace("visit_cap: null", "visit_cap: \"\""), "p.yaml"));
        assertEquals("1205", quoted.refusal().reason().code(), quoted.refusal().errMsg());
    }

    static Stream<Arguments> brokenVariants() {
        return Stream.of(
                broken("ratio: 0.70", "ratio: 1.70", "1207", "rules[0].segments[0].ratio"),
                broken("ratio: 0.70", "ratio: 0.70001", "1207", "rules[0].segments[0].ratio"),
                broken("ratio: 0.70", "ratio: -0.1", "1207", "rules[0].segments[0].ratio"),
                broken("ratio: 0.70", "ratio: \"0.70\"", "1205", "rules[0].segments[0].ratio"),
                broken("deductible: 200.00", "deductible: 200.001", "1206", "rules[0].deductible"),
                broken("deductible: 200.00", "deductible: -1", "1206", "rules[0].deductible"),
                broken("deductible: 200.00", "deductible: \"200.00\"", "1205", "rules[0].deductible"),
                broken("    deductible: 200.00        # per year, in the accu_group\n", "", "1203",
                        "rules[0].deductible"),
                broken("annual_cap: 3000.00", "anual_cap: 3000.00", "1204", "rules[0].anual_cap"),
                broken("annual_cap: 4000.00", "annual_cap: -5", "1206", "rules[1].annual_cap"),
                broken("rounding: HALF_UP", "rounding: HALF_EVEN", "1212", "rounding"),
                broken("rounding: HALF_UP", "rounding: HALF_UP\nround: HALF_UP", "1204", "round"),
                broken("accu_group: chronic", "accu_group: chronik", "1209", "rules[3].accu_group"),
                broken("  chronic: {}", "  chronic: {cap: 1}", "1204", "accu_groups.chronic"),
                broken("id: emp-retired-pharmacy", "id: emp-active-pharmacy", "1210", "rules[1].id"),
                broken("med_type: [\"41\"]}", "med_typ: [\"41\"]}", "1211", "rules[0].when.med_typ"),
                broken("hosp_lv: [\"1\", \"pharmacy\"]", "hosp_lv: [\"1\", \"pharmcy\"]", "1211",
                        "rules[2].when.hosp_lv[1]"),
                broken("med_type: [\"14\"]", "med_type: []", "1211", "rules[3].when.med_type"),
                broken("med_type: [\"14\"]", "med_type: [014]", "1205", "rules[3].when.med_type[0]"),
                broken("- {upto: 2000.00, ratio: 0.70}", "- {upto: 2000.00, ratio: 0.70}\n      - {upto: 1000.00, ratio: 0.65}",
                        "1208", "rules[0].segments[1].upto"),
                broken("- {upto: 2000.00, ratio: 0.70}", "- {upto: 0, ratio: 0.70}", "1208", "rules[0].segments[0].upto"),
                broken("segments: [{upto: null, ratio: 0.75}]", "segments: [{upto: null, ratio: 0.75}, {upto: null, ratio: 0.5}]",
                        "1208", "rules[1].segments[0].upto"),
                broken("- {upto: null,   ratio: 0.60}", "- {upto: 9000.00, ratio: 0.60}", "1208", "rules[0].segments[1].upto"),
                broken("segments: [{upto: null, ratio: 0.75}]", "segments: []", "1208", "rules[1].segments"),
                broken("segments: [{upto: null, ratio: 0.75}]", "segments: [{ratio: 0.75}]", "1203", "rules[1].segments[0].upto"),
                broken("segments: [{upto: null, ratio: 0.75}]", "segments: [{upto: null, ratio: 0.75, cap: 1}]", "1204",
                        "rules[1].segments[0].cap"),
                broken("fund_pay_type: \"390100\"", "fund_pay_type: \"999999\"", "1214", "rules[2].fund_pay_type"),
                broken("fund_pay_type: \"390100\"", "fund_pay_type: \"310200\"", "1214", "rules[2].fund_pay_type"),
                broken("fund_pay_type: \"310200\"\n", "fund_pay_type: \"310100\"\n", "1214", "rules[0].account.fund_pay_type"),
                broken("may_pay: [preselfpay, pool_selfpay, deductible]", "may_pay: [cash, pool_selfpay, deductible]",
                        "1215", "rules[1].account.may_pay[0]"),
                broken("may_pay: [preselfpay, pool_selfpay, deductible]", "may_pay: [preselfpay, preselfpay]",
                        "1215", "rules[1].account.may_pay[1]"),
                broken("account: {fund_pay_type: \"310200\", may_pay", "account: {fund_pay_type: \"310200\", limit: 1, may_pay",
                        "1204", "rules[1].account.limit"),
                broken("requires_opsp: true ", "requires_opsp: yes please ", "1205", "rules[3].requires_opsp"),
                broken("    fund_pay_type: \"390100\"", "    requires_opsp: true\n    fund_pay_type: \"390100\"", "1216",
                        "rules[2].requires_opsp"),
                broken("    requires_opsp: true ", "    deductible: 0\n    requires_opsp: true ", "1216", "rules[3].deductible"),
                broken("\"M03900\": {deductible: 0,", "\"M03900\": {deductible: 0, visit: 1,", "1204",
                        "rules[3].diseases.M03900.visit"),
                broken("\"M03900\": {deductible: 0, segments: [{upto: null, ratio: 0.80}]",
                        "\"M03900\": {deductible: 0, segments: [{upto: null, ratio: 0.80005}]", "1207",
                        "rules[3].diseases.M03900.segments[0].ratio"),
                broken("  max_hours: 72 ", "  max_hours: 1.5 ", "1217", "offline.max_hours"),
                broken("  max_hours: 72 ", "  max_hour: 72 ", "1204", "offline.max_hour"),
                broken("  max_fund_pay_per_day: 5000.00", "  max_fund_pay_per_day: 5000.005", "1206",
                        "offline.max_fund_pay_per_day"),
                broken("account_requires_cached_balance: true", "account_requires_cached_balance: 1", "1205",
                        "offline.account_requires_cached_balance"),
                broken("version: \"2026.03\"", "version: 2026.10", "1205", "version"),
                broken("effective: 2026-01-01", "effective: 2026-13-01", "1213", "effective"),
                broken("admdvs: \"371500\"", "admdvs: \"37150\"", "1213", "admdvs"),
                broken("version: \"2026.03\"            # recorded on every settlement\n", "", "1203", "version"),
                broken("rules:  ", "extra: 1\nrules:  ", "1204", "extra"));
    }

    private static Arguments broken(String from, String to, String code, String path) {
        return Arguments.of(from, to, code, path);
    }

    @ParameterizedTest(name = "{3} -> {2}")
    @MethodSource("brokenVariants")
    void refusesEachBrokenVariantNamingTheKeyPath(String from, String to, String code, String path) {
        assertEquals(1, EXAMPLE.split(java.util.regex.Pattern.quote(from), -1).length - 1,
                "the variant must replace exactly one place: " + from);
        RefusedException e = assertThrows(RefusedException.class,
                () -> PolicyLoader.parse(EXAMPLE.replace(from, to), "p.yaml"));
        assertEquals(code, e.refusal().reason().code(), e.refusal().errMsg());
        assertTrue(e.refusal().detail().startsWith("p.yaml："), e.refusal().detail());
        assertTrue(e.refusal().detail().contains(path + "："), e.refusal().detail());
    }

    /**
     * A code written as a plain whole number ({@code med_type: [41]}, {@code fund_pay_type: 310100})
     * is read as the digits written, as {@code admdvs} already was: it was refused 1205
     * "须为带引号的字符串" (black-box review of 2026-12-07), although nothing about it is unclear.
     * One YAML 1.1 would read as another number (041 octal) is still refused, saying to quote it.
     */
    @Test
    void codesWrittenAsPlainWholeNumbersAreReadAsWritten() {
        String unquoted = EXAMPLE.replace("{insutype: \"310\", psn_type: [\"11\"], med_type: [\"41\"]}",
                        "{insutype: 310, psn_type: [11], med_type: [41]}")
                .replace("hosp_lv: [\"1\", \"pharmacy\"]", "hosp_lv: [1, pharmacy]")
                .replaceFirst("fund_pay_type: \"310100\"", "fund_pay_type: 310100")
                .replace("account: {fund_pay_type: \"310200\"", "account: {fund_pay_type: 310200");
        assertTrue(unquoted.contains("med_type: [41]") && unquoted.contains("hosp_lv: [1, pharmacy]")
                && unquoted.contains("fund_pay_type: 310100") && unquoted.contains("{fund_pay_type: 310200"), unquoted);
        assertEquals(PolicyLoader.parse(EXAMPLE, "p.yaml"), PolicyLoader.parse(unquoted, "p.yaml"));
        RefusedException octal = assertThrows(RefusedException.class,
                () -> PolicyLoader.parse(unquoted.replace("med_type: [41]", "med_type: [041]"), "p.yaml"));
        assertTrue(octal.refusal().detail().contains("rules[0].when.med_type[0]：") && octal.refusal().detail().contains("八进制"),
                octal.refusal().detail());
        RefusedException decimal = assertThrows(RefusedException.class,
                () -> PolicyLoader.parse(unquoted.replace("med_type: [41]", "med_type: [4.1]"), "p.yaml"));
        assertTrue(decimal.refusal().detail().contains("rules[0].when.med_type[0]："), decimal.refusal().detail());
    }

    /**
     * {@code effective: 20260101} is a YAML number: it was refused as "须为带引号的字符串", which
     * sends the writer to quote it, and the quoted "20260101" is refused again (black-box review of
     * 2026-12-07). The message says the form a date must have.
     */
    @Test
    void anEffectiveDateWrittenAsANumberIsToldTheDatesForm() {
        RefusedException e = assertThrows(RefusedException.class,
                () -> PolicyLoader.parse(EXAMPLE.replace("effective: 2026-01-01", "effective: 20260101"), "p.yaml"));
        assertEquals("1213", e.refusal().reason().code(), e.refusal().errMsg());
        assertTrue(e.refusal().detail().contains("effective：日期须为 yyyy-MM-dd：20260101"), e.refusal().detail());
    }

    /**
     * policy-and-catalog.md: "Amounts are yuan with at most 2 decimals". YAML 1.1 reads {@code 0100}
     * as octal (64) and {@code 0x10} as 16, so a deductible written {@code 0100} settled with a
     * deductible of 64.00 and no refusal (black-box audit bbspec2, 2026-12-05: `terminal simulate`
     * answered act_pay_dedc 64.00). Such an amount must be refused (1206) or read as the decimal
     * it shows, never as another number.
     */
    @ParameterizedTest(name = "deductible: {0}")
    @org.junit.jupiter.params.provider.CsvSource({"0100, 10000", "0x10, -1"})
    void anAmountWrittenAsOctalOrHexIsNotReadAsAnotherNumber(String written, long decimalFen) {
        String text = EXAMPLE.replace("deductible: 200.00 ", "deductible: " + written + " ");
        assertTrue(!text.equals(EXAMPLE));
        try {
            Policy p = PolicyLoader.parse(text, "p.yaml");
            RuleBenefits.Flat flat = assertInstanceOf(RuleBenefits.Flat.class, p.rules().getFirst().benefits());
            assertTrue(decimalFen >= 0, "not a decimal amount, read as " + flat.benefit().deductible() + " fen: must be refused");
            assertEquals(decimalFen, flat.benefit().deductible(), written + " is read as the decimal it shows, or refused");
        } catch (RefusedException e) {
            assertEquals("1206", e.refusal().reason().code(), e.refusal().errMsg());
            assertTrue(e.refusal().detail().contains("rules[0].deductible"), e.refusal().detail());
        }
    }

    /**
     * Every number of a policy is read only from a plain decimal: the other forms YAML 1.1 takes
     * (leading zero = octal, hex, binary, a sign, a bare fraction, underscores, an exponent) are
     * refused where they stand, under the code of what the number is.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "{upto: 2000.00, ratio: 0.70}|{upto: 02000, ratio: 0.70}|1206|rules[0].segments[0].upto",
            "{upto: 2000.00, ratio: 0.70}|{upto: 2_000.00, ratio: 0.70}|1206|rules[0].segments[0].upto",
            "{upto: 2000.00, ratio: 0.70}|{upto: 2000.00, ratio: .70}|1207|rules[0].segments[0].ratio",
            "{upto: 2000.00, ratio: 0.70}|{upto: 2000.00, ratio: +0.70}|1207|rules[0].segments[0].ratio",
            "annual_cap: 3000.00 |annual_cap: 3.0e+3 |1206|rules[0].annual_cap",
            "annual_cap: 3000.00 |annual_cap: 0b101 |1206|rules[0].annual_cap",
            "max_hours: 72 |max_hours: 072 |1217|offline.max_hours",
            "admdvs: \"371500\"|admdvs: 0x5ABBC|1213|admdvs"})
    void everyNumberIsReadOnlyFromAPlainDecimal(String plain, String written, String code, String path) {
        assertTrue(EXAMPLE.contains(plain), plain);
        RefusedException e = assertThrows(RefusedException.class,
                () -> PolicyLoader.parse(EXAMPLE.replaceFirst(java.util.regex.Pattern.quote(plain), written), "p.yaml"));
        assertEquals(code, e.refusal().reason().code(), e.refusal().errMsg());
        assertTrue(e.refusal().detail().contains("p.yaml：" + path + "：数字须按十进制书写"), e.refusal().detail());
    }

    @Test
    void offlineSectionIsRequired() {
        String noOffline = EXAMPLE.substring(0, EXAMPLE.indexOf("offline:"));
        RefusedException e = assertThrows(RefusedException.class, () -> PolicyLoader.parse(noOffline, "p.yaml"));
        assertEquals("1203", e.refusal().reason().code());
        assertTrue(e.refusal().detail().contains("offline："));
    }

    @Test
    void everyErrorIsReportedNotJustTheFirst() {
        String twoErrors = EXAMPLE.replace("ratio: 0.70", "ratio: 7").replace("deductible: 100.00", "deductible: 1.234");
        RefusedException e = assertThrows(RefusedException.class, () -> PolicyLoader.parse(twoErrors, "p.yaml"));
        assertTrue(e.refusal().detail().contains("rules[0].segments[0].ratio"), e.refusal().detail());
        assertTrue(e.refusal().detail().contains("rules[1].deductible"), e.refusal().detail());
        assertFalse(e.refusal().errMsg().isBlank());
    }

    @Test
    void duplicateKeysAndNonYamlAreRefused() {
        RefusedException dup = assertThrows(RefusedException.class,
                () -> PolicyLoader.parse(EXAMPLE.replace("rounding: HALF_UP", "rounding: HALF_UP\nversion: \"x\""), "p.yaml"));
        assertEquals("1202", dup.refusal().reason().code());
        RefusedException junk = assertThrows(RefusedException.class, () -> PolicyLoader.parse("rules: [: :", "p.yaml"));
        assertEquals("1202", junk.refusal().reason().code());
        RefusedException empty = assertThrows(RefusedException.class, () -> PolicyLoader.parse("", "p.yaml"));
        assertEquals("1202", empty.refusal().reason().code());
        RefusedException list = assertThrows(RefusedException.class, () -> PolicyLoader.parse("- 1\n- 2\n", "p.yaml"));
        assertEquals("1205", list.refusal().reason().code());
    }

    /**
     * Anchors and aliases are refused (1202) where they stand: the reader took {@code *a} as the
     * text "a", so a policy that reused a block by alias would have been misread without an error.
     */
    @Test
    void anchorsAndAliasesAreRefusedNotMisread() {
        String aliased = EXAMPLE.replace("  outpatient: {}", "  outpatient: &shared {}").replace("  chronic: {}", "  chronic: *shared");
        assertFalse(aliased.equals(EXAMPLE), "the example has both groups");
        String detail = yamlDetail(aliased);
        assertTrue(detail.contains("锚点") && detail.contains("行"), detail);
        assertTrue(yamlDetail("admdvs: &code \"371500\"\nversion: *code\n").contains("第2行"), "the alias of a scalar too");
    }

    private static String yamlDetail(String yaml) {
        RefusedException e = assertThrows(RefusedException.class, () -> PolicyLoader.parse(yaml, "p.yaml"));
        assertEquals("1202", e.refusal().reason().code(), e.refusal().errMsg());
        return e.refusal().detail();
    }

    /**
     * A YAML error is said in Chinese at SnakeYAML's own line and column (its marks count from 0;
     * the parser's last good token, one line earlier for a tab, is not where the error is), and
     * none of SnakeYAML's English text reaches err_msg.
     */
    @Test
    void aYamlSyntaxErrorIsSaidInChineseAtItsLineAndColumn() {
        assertEquals("p.yaml：第2行第1列：不能用制表符（Tab）缩进，请改用空格", yamlDetail("admdvs: \"1\"\n\tversion: \"x\"\n"));
        assertEquals("p.yaml：第2行第3列：此处不能有冒号（缩进或冒号有误）", yamlDetail("a: 1\n b: 2\n"));
        assertEquals("p.yaml：第3行第2列：括号未闭合或缺少逗号", yamlDetail("a: 1\nb: [1, 2\nc: 3\n"));
        assertEquals("p.yaml：第1行第9列：YAML 语法错误", yamlDetail("rules: [: :"));
        assertEquals("p.yaml：第2行第1列：引号未闭合", yamlDetail("admdvs: \"371500\n"));
        String duplicate = yamlDetail("a: 1\na: 2\n");
        assertTrue(duplicate.startsWith("p.yaml：第2行") && duplicate.endsWith("列：键 a 重复"), duplicate);
        for (String yaml : List.of("a: \"\\q\"\n", "- a\nb: 1\n", "a: 1\n---\nb: 2\n", "a: {b: 1\n", "a: \u0001\n",
                "a: !!float x\n", "? [a]\n: 1\n")) {
            String detail = yamlDetail(yaml);
            assertTrue(detail.matches("p\\.yaml：第\\d+行第\\d+列：[^A-Za-z]*(YAML|Tab)?[^A-Za-z]*"), detail);
        }
        assertEquals("p.yaml：超出限制（嵌套过深或数值过长）", yamlDetail("a: " + "[".repeat(1100) + "]".repeat(1100) + "\n"));
    }

    @Test
    void loadsFromAFileAndNamesTheFileWhenRefused(@TempDir Path dir) throws IOException {
        Path good = Files.writeString(dir.resolve("good.yaml"), EXAMPLE, StandardCharsets.UTF_8);
        assertEquals("2026.03", PolicyLoader.load(good).version());
        Path bad = Files.writeString(dir.resolve("bad.yaml"), EXAMPLE.replace("ratio: 0.70", "ratio: 2"));
        RefusedException e = assertThrows(RefusedException.class, () -> PolicyLoader.load(bad));
        assertTrue(e.refusal().detail().startsWith("bad.yaml："), e.refusal().detail());
        RefusedException missing = assertThrows(RefusedException.class, () -> PolicyLoader.load(dir.resolve("none.yaml")));
        assertEquals("1201", missing.refusal().reason().code());
        assertEquals(dir.resolve("none.yaml") + "：文件不存在", missing.refusal().detail());
        assertEquals(dir + "：是目录，不是文件",
                assertThrows(RefusedException.class, () -> PolicyLoader.load(dir)).refusal().detail());
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9});
        assertEquals("1202", assertThrows(RefusedException.class, () -> PolicyLoader.load(latin1)).refusal().reason().code());
    }

    /** A device as the policy ran out of memory, a named pipe hung selftest and run (black-box re-check): 1201 before reading. */
    @Test
    void aPolicyThatIsNoRegularFileOrIsHugeIsRefused1201BeforeItIsRead(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path huge = dir.resolve("huge.yaml");
        Files.write(huge, new byte[(int) PolicyLoader.MAX_BYTES + 1]);
        for (Path file : List.of(Path.of("/dev/zero"), fifo)) {
            RefusedException e = assertThrows(RefusedException.class, () -> PolicyLoader.load(file));
            assertEquals("1201", e.refusal().reason().code());
            assertTrue(e.refusal().detail().endsWith("：不是普通文件（设备、管道等不能作为配置读取）"), e.refusal().detail());
        }
        RefusedException tooLarge = assertThrows(RefusedException.class, () -> PolicyLoader.load(huge));
        assertEquals("1201", tooLarge.refusal().reason().code());
        assertTrue(tooLarge.refusal().detail().contains("文件过大（4194305 字节，上限 4 MiB）"), tooLarge.refusal().detail());
    }
}
