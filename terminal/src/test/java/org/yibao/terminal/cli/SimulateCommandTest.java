package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.api.json.Json;
import org.yibao.terminal.domain.settlement.Fixtures;
import picocli.CommandLine;

/**
 * {@code terminal simulate} end to end on real files: the bundled example (figures worked by
 * hand below), a resident capped by the annual limit, and refusals with their exit code 2.
 */
class SimulateCommandTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void copyExamples() throws IOException {
        for (String f : List.of("policy.yaml", "catalog.tsv", "codemap.tsv", "person.json", "request-2101.json")) {
            Files.writeString(dir.resolve(f), Fixtures.resource("/examples/" + f), StandardCharsets.UTF_8);
        }
        for (String f : List.of("person-resident.json", "request-resident.json", "request-bad-amount.json")) {
            Files.writeString(dir.resolve(f), Fixtures.resource("/settlement/" + f), StandardCharsets.UTF_8);
        }
    }

    private int run(String person, String input, String hospLv, String... extra) {
        List<String> args = new ArrayList<>(List.of("simulate",
                "--policy", dir.resolve("policy.yaml").toString(), "--catalog", dir.resolve("catalog.tsv").toString(),
                "--codemap", dir.resolve("codemap.tsv").toString(), "--person", dir.resolve(person).toString(),
                "--input", dir.resolve(input).toString(), "--hosp-lv", hospLv, "--date", "2026-03-15"));
        args.addAll(List.of(extra));
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args.toArray(String[]::new));
    }

    private JsonNode output() {
        return Json.parse(out.toString(), "stdout");
    }

    private static void yuan(String expected, JsonNode n) {
        assertTrue(n.isNumber(), "amounts are JSON numbers: " + n);
        assertEquals(expected, n.decimalValue().toPlainString());
    }

    @Test
    void settlesTheBundledExample() {
        assertEquals(0, run("person.json", "request-2101.json", "pharmacy"), err.toString());
        JsonNode o = output();
        JsonNode s = o.get("setlinfo");
        // Lines: 甲 25.50×2 = 51.00 all in scope.
        //        P0002 -> 乙 0.10: 50.00×3 = 150.00, preselfpay 15.00, inscp 135.00.
        //        乙 0.05 cap 2.50: round(3.414286×28) = 95.60, overlmt round(0.914286×28) = 25.60,
        //          preselfpay round(70.00×0.05) = 3.50, inscp 66.50.
        //        P0004 -> 丙 20.00 full own pay.
        // inscp = 51 + 135 + 66.50 = 252.50. Rule emp-active-pharmacy: deductible 200 - used 150 = 50.00;
        // base 202.50 on [1900, 2102.50): 100.00×0.70 + 102.50×0.60 = 70.00 + 61.50 = 131.50 (cap 3000-120 ok).
        // pool_selfpay 71.00; pool_prop = 131.50/202.50 = 0.64938 -> 0.6494.
        // psn_part = 316.60 - 131.50 = 185.10; account may pay everything: 185.10 of 1500.00 -> balc 1314.90.
        yuan("316.60", s.get("medfee_sumamt"));
        yuan("20.00", s.get("fulamt_ownpay_amt"));
        yuan("25.60", s.get("overlmt_selfpay"));
        yuan("18.50", s.get("preselfpay_amt"));
        yuan("252.50", s.get("inscp_scp_amt"));
        yuan("50.00", s.get("act_pay_dedc"));
        yuan("131.50", s.get("hifp_pay"));
        assertEquals("0.6494", s.get("pool_prop_selfpay").decimalValue().toPlainString());
        yuan("131.50", s.get("fund_pay_sumamt"));
        yuan("185.10", s.get("psn_part_amt"));
        yuan("185.10", s.get("acct_pay"));
        yuan("0.00", s.get("psn_cash_pay"));
        yuan("0.00", s.get("hosp_part_amt"));
        yuan("1314.90", s.get("balc"));
        yuan("71.00", s.get("term_pool_selfpay_amt"));
        assertEquals("张*丰", s.get("psn_name").asText(), "masked by default");
        assertEquals("H37150200001202603151030000001", s.get("medins_setl_id").asText());
        assertEquals("41", s.get("clr_type").asText());
        assertEquals("2026.03", s.get("term_policy_ver").asText());
        assertEquals("2026.02", s.get("term_catalog_ver").asText());
        assertEquals("emp-active-pharmacy", s.get("term_rule_id").asText());
        assertTrue(out.toString().contains("\"medfee_sumamt\" : 316.60"), "2 decimals in the text");

        JsonNode details = o.get("setldetail");
        assertEquals(2, details.size());
        assertEquals("310100", details.get(0).get("fund_pay_type").asText());
        yuan("131.50", details.get(0).get("fund_payamt"));
        yuan("2880.00", details.get(0).get("crt_payb_lmt_amt"));
        assertEquals("310200", details.get(1).get("fund_pay_type").asText());
        yuan("185.10", details.get(1).get("fund_payamt"));

        JsonNode lines = o.get("detlcutinfo");
        assertEquals(4, lines.size());
        JsonNode capped = lines.get(2);
        yuan("95.60", capped.get("det_item_fee_sumamt"));
        yuan("25.60", capped.get("overlmt_amt"));
        yuan("3.50", capped.get("preselfpay_amt"));
        yuan("66.50", capped.get("inscp_scp_amt"));
        assertEquals("2.50", capped.get("pric_uplmt_amt").decimalValue().toPlainString());
        assertEquals("0.0500", capped.get("selfpay_prop").decimalValue().toPlainString());
        assertEquals("02", capped.get("chrgitm_lv").asText());
        yuan("20.00", lines.get(3).get("fulamt_ownpay_amt"));
        assertEquals("03", lines.get(3).get("chrgitm_lv").asText());
        JsonNode delta = o.get("term_accu_delta");
        yuan("50.00", delta.get("dedc_used"));
        yuan("131.50", delta.get("fund_paid"));
        yuan("202.50", delta.get("inscp_over_dedc"));
    }

    /** A person and a request saved by a Windows editor begin with a byte order mark: read as the API reads it. */
    @Test
    void filesThatBeginWithAByteOrderMarkAreRead() throws IOException {
        for (String f : List.of("person.json", "request-2101.json")) {
            Files.writeString(dir.resolve(f), "\uFEFF" + Files.readString(dir.resolve(f), StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        }
        assertEquals(0, run("person.json", "request-2101.json", "pharmacy"), out + " " + err);
    }

    /** psn_no is personal data as the name is: masked by default (3715************0001), in full with --unmasked. */
    @Test
    void thePsnNoIsMaskedUnlessUnmasked() {
        assertEquals(0, run("person.json", "request-2101.json", "pharmacy"), err.toString());
        assertEquals("3715************0001", output().get("setlinfo").get("psn_no").asText(), "masked by default");
        assertFalse(out.toString().contains("37150000000000000001"), out::toString);
    }

    @Test
    void unmaskedFlagShowsTheName() {
        assertEquals(0, run("person.json", "request-2101.json", "pharmacy", "--unmasked"));
        assertEquals("张三丰", output().get("setlinfo").get("psn_name").asText());
        assertEquals("37150000000000000001", output().get("setlinfo").get("psn_no").asText());
    }

    @Test
    void residentCappedByTheAnnualLimit() {
        // 乙类 0.20 for 390: 99.99 -> preselfpay round(19.998) = 20.00, inscp 79.99; deductible 0;
        // pay round(79.99×0.50 = 39.995) = 40.00; annual cap 400 - 380 = 20.00 -> hifp 20.00.
        // No account for residents: cash = 99.99 - 20.00 = 79.99. pool_prop = 20/79.99 = 0.25003 -> 0.2500.
        assertEquals(0, run("person-resident.json", "request-resident.json", "1"), err.toString());
        JsonNode s = output().get("setlinfo");
        yuan("20.00", s.get("hifp_pay"));
        yuan("0.00", s.get("acct_pay"));
        yuan("79.99", s.get("psn_cash_pay"));
        assertEquals("0.2500", s.get("pool_prop_selfpay").decimalValue().toPlainString());
        assertEquals("21", s.get("psn_type").asText());
        JsonNode d = output().get("setldetail");
        assertEquals(1, d.size());
        assertEquals("390100", d.get(0).get("fund_pay_type").asText());
        yuan("20.00", d.get(0).get("crt_payb_lmt_amt"));
    }

    private void assertRefused(int exit, String code) {
        assertEquals(2, exit, out + " / " + err);
        JsonNode r = output();
        assertEquals(-1, r.get("infcode").asInt());
        assertEquals(code, r.get("term_errcode").asText(), r.toString());
        assertTrue(r.get("err_msg").asText().length() > 4);
    }

    @Test
    void noMatchingRuleAtThisLevelIsRefused() {
        assertRefused(run("person-resident.json", "request-resident.json", "3"), "1301");
    }

    @Test
    void lineAmountNotEqualToPriceTimesCountIsRefused() {
        assertRefused(run("person.json", "request-bad-amount.json", "pharmacy"), "1306");
    }

    @Test
    void brokenPolicyIsRefusedWithItsKeyPath() throws IOException {
        Files.writeString(dir.resolve("policy.yaml"),
                Fixtures.resource("/examples/policy.yaml").replace("annual_cap: 3000.00", "anual_cap: 3000.00"));
        assertRefused(run("person.json", "request-2101.json", "pharmacy"), "1204");
        assertTrue(output().get("err_msg").asText().contains("rules[0].anual_cap"));
    }

    @Test
    void missingFilesAndBadOptionsAreRefused() throws IOException {
        Files.delete(dir.resolve("person.json"));
        assertRefused(run("person.json", "request-2101.json", "pharmacy"), "1031");
        out.getBuffer().setLength(0);
        Files.delete(dir.resolve("policy.yaml"));
        assertRefused(run("person-resident.json", "request-resident.json", "pharmacy"), "1201");
        out.getBuffer().setLength(0);
        assertRefused(run("person.json", "request-2101.json", "4"), "1028");
    }

    @Test
    void anUnreadableFileIsNamedWithItsOptionAndWhyInChinese() throws IOException {
        Path person = dir.resolve("person.json");
        Files.delete(person);
        assertRefused(run("person.json", "request-2101.json", "pharmacy"), "1031");
        assertEquals("文件无法读取：--person " + person + "：文件不存在", output().get("err_msg").asText());
        out.getBuffer().setLength(0);
        Files.createDirectory(person);
        assertRefused(run("person.json", "request-2101.json", "pharmacy"), "1031");
        assertEquals("文件无法读取：--person " + person + "：是目录，不是文件", output().get("err_msg").asText());
        assertFalse(output().get("err_msg").asText().contains("Exception"));
    }

    @Test
    void settlementDateBeforeThePolicyIsRefused() {
        List<String> args = List.of("simulate", "--policy", dir.resolve("policy.yaml").toString(),
                "--catalog", dir.resolve("catalog.tsv").toString(), "--codemap", dir.resolve("codemap.tsv").toString(),
                "--person", dir.resolve("person.json").toString(), "--input", dir.resolve("request-2101.json").toString(),
                "--hosp-lv", "pharmacy", "--date", "2025-12-31");
        CommandLine cli = new CommandLine(new TerminalCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertRefused(cli.execute(args.toArray(String[]::new)), "1302");
    }
}
