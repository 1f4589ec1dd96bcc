package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The catalogue and code-map commands, run through the real CLI root on real SQLite files. */
class CatalogCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAT_HEADER = "med_list_codg\tmed_list_name\tlist_type\tchrgitm_lv\tmed_chrgitm_type"
            + "\tselfpay_prop_310\tselfpay_prop_390\tpric_uplmt_amt\tlmt_used_flag\tbegndate\tenddate\tver\n";
    private static final String MAP_HEADER = "fixmedins_hilist_id\tfixmedins_hilist_name\tlist_type\tmed_list_codg"
            + "\tbegndate\tenddate\n";

    @TempDir Path dir;

    record Run(int exit, String out) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        var cli = new CommandLine(new TerminalCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        int exit = cli.execute(args);
        return new Run(exit, out.toString());
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private String dataDir() {
        return dir.resolve("data").toString();
    }

    @Test void importThenShowRowsAndTheRowOnADate() throws Exception {
        Path cat = file("cat.tsv", CAT_HEADER
                + "XA01\t阿莫西林胶囊\t101\t01\t09\t0\t0\tnull\t0\t2026-01-01\t2026-06-30\t20260101\n"
                + "XA01\t阿莫西林胶囊\t101\t01\t09\t0\t0\t0.35\t1\t2026-07-01\tnull\t20260701\n");
        Run imported = run("catalog", "import", "--data-dir", dataDir(), cat.toString());
        assertEquals(0, imported.exit(), imported.out());
        assertEquals(2, imported.json().get("rows").asInt());
        assertEquals("20260701", imported.json().get("version").asText());
        assertEquals(64, imported.json().get("sha256").asText().length());
        assertTrue(Files.exists(dir.resolve("data/terminal.db")));

        Run all = run("catalog", "show", "--data-dir", dataDir(), "XA01");
        assertEquals(0, all.exit(), all.out());
        assertEquals(2, all.json().get("rows").size());

        Run onDate = run("catalog", "show", "--data-dir", dataDir(), "XA01", "--date", "2026-07-01");
        assertEquals(0, onDate.exit(), onDate.out());
        JsonNode row = onDate.json().get("rows").get(0);
        assertEquals("0.35", row.get("pric_uplmt_amt").asText());
        assertEquals("1", row.get("lmt_used_flag").asText());
        assertTrue(row.get("enddate").isNull());

        Run before = run("catalog", "show", "--data-dir", dataDir(), "XA01", "--date", "2025-12-31");
        assertEquals(2, before.exit());
        assertEquals("1116", before.json().get("term_errcode").asText());
    }

    @Test void aRefusedFilePrintsTheCodeExitsTwoAndKeepsTheOldVersion() throws Exception {
        Path good = file("good.tsv", CAT_HEADER + "XA01\t甲\t101\t01\t09\t0\t0\tnull\t0\t2026-01-01\tnull\t1\n");
        assertEquals(0, run("catalog", "import", "--data-dir", dataDir(), good.toString()).exit());
        Path bad = file("bad.tsv", CAT_HEADER + "XB02\t乙\t101\t02\t09\t1.5\t0\tnull\t0\t2026-01-01\tnull\t2\n");
        Run refused = run("catalog", "import", "--data-dir", dataDir(), bad.toString());
        assertEquals(2, refused.exit());
        JsonNode body = refused.json();
        assertEquals("1108", body.get("term_errcode").asText());
        assertTrue(body.get("err_msg").asText().contains("bad.tsv 第 2 行 selfpay_prop_310 列"), body.toString());
        Run still = run("catalog", "show", "--data-dir", dataDir(), "XA01");
        assertEquals(0, still.exit());
        assertEquals("1", still.json().get("catalog_version").asText());
        assertEquals(2, run("catalog", "show", "--data-dir", dataDir(), "XB02").exit());
    }

    @Test void showWithoutAnImportSaysSoAndCreatesNothing() throws Exception {
        Run r = run("catalog", "show", "--data-dir", dataDir(), "XA01");
        assertEquals(2, r.exit());
        assertEquals("1115", r.json().get("term_errcode").asText());
        assertFalse(Files.exists(dir.resolve("data/terminal.db")));
    }

    @Test void codeMapImportAndShow() throws Exception {
        Path map = file("map.tsv", MAP_HEADER
                + "L1\t本地阿莫西林\t101\tXA01\t20260101\t20260331\n"
                + "L1\t本地阿莫西林\t101\tXA02\t20260401\tnull\n");
        Path cat = file("cat.tsv", CAT_HEADER + "XA01\t甲\t101\t01\t09\t0\t0\tnull\t0\t2026-01-01\tnull\t1\n");
        assertEquals(0, run("catalog", "import", "--data-dir", dataDir(), cat.toString()).exit());
        Run imported = run("codemap", "import", "--data-dir", dataDir(), map.toString());
        assertEquals(0, imported.exit(), imported.out());
        assertEquals("codemap", imported.json().get("kind").asText());
        JsonNode missing = imported.json().get("not_in_catalog");
        assertEquals(1, missing.size(), imported.out());
        assertEquals("XA02", missing.get(0).asText());
        Run shown = run("codemap", "show", "--data-dir", dataDir(), "L1", "--date", "2026-04-01");
        assertEquals(0, shown.exit(), shown.out());
        assertEquals("XA02", shown.json().get("rows").get(0).get("med_list_codg").asText());
        assertEquals(2, run("codemap", "show", "--data-dir", dataDir(), "L1").json().get("rows").size());
        Run unknown = run("codemap", "show", "--data-dir", dataDir(), "L9");
        assertEquals("1117", unknown.json().get("term_errcode").asText());

        Path overlapping = file("map2.tsv", MAP_HEADER
                + "L1\t本地\t101\tXA01\t20260101\tnull\n" + "L1\t本地\t101\tXA02\t20260401\tnull\n");
        Run refused = run("codemap", "import", "--data-dir", dataDir(), overlapping.toString());
        assertEquals(2, refused.exit());
        assertEquals("1113", refused.json().get("term_errcode").asText());
    }

    /** As every command refuses (README "Commands"): one JSON line on stdout and the same as {@code NNNN 说明} on stderr. */
    @Test void aRefusalIsOneJsonLineAndALineOnStderr() throws Exception {
        for (String[] args : new String[][] {{"catalog", "show", "--data-dir", dataDir(), "XA01"},
                {"codemap", "show", "--data-dir", dataDir(), "L1"}, {"catalog", "import", "--data-dir", dataDir(), dir.resolve("absent.tsv").toString()}}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            var cli = new CommandLine(new TerminalCli());
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            assertEquals(2, cli.execute(args), String.join(" ", args));
            assertEquals(1, out.toString().strip().lines().count(), out.toString());
            JsonNode refusal = JSON.readTree(out.toString());
            assertEquals(refusal.get("term_errcode").asText() + " " + refusal.get("err_msg").asText(), err.toString().strip());
        }
    }

    @Test void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"catalog", "--help"}, {"catalog", "import", "--help"},
                {"catalog", "show", "--help"}, {"codemap", "import", "--help"}, {"codemap", "show", "--help"}}) {
            Run r = run(args);
            assertEquals(0, r.exit(), String.join(" ", args));
            assertTrue(r.out().contains("Usage:"), r.out());
        }
        assertTrue(run("catalog", "import", "--help").out().contains("--data-dir"));
    }
}
