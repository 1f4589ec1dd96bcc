package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code terminal catalog|codemap} as separate JVM processes on one data folder, with the
 * catalogue and code map bundled as examples: real exit codes, stdout that is only JSON, and a
 * refused import in one process leaving the version the next process reads.
 */
class CatalogCommandProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir Path dir;

    record Result(int exit, String stdout) {
        JsonNode json() throws IOException {
            return JSON.readTree(stdout);
        }
    }

    private static Result terminal(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                TerminalCli.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("terminal did not end: " + command);
        }
        return new Result(process.exitValue(), out);
    }

    private Path example(String name) throws IOException {
        try (InputStream in = CatalogCommandProcessTest.class.getResourceAsStream("/examples/" + name)) {
            Path file = dir.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }

    @Test void importsTheBundledExamplesAndKeepsThemWhenABadFileComes() throws Exception {
        String data = dir.resolve("data").toString();
        Result catalog = terminal("catalog", "import", "--data-dir", data, example("catalog.tsv").toString());
        assertEquals(0, catalog.exit(), catalog.stdout());
        assertEquals("2026.02", catalog.json().get("version").asText());
        Result codemap = terminal("codemap", "import", "--data-dir", data, example("codemap.tsv").toString());
        assertEquals(0, codemap.exit(), codemap.stdout());

        Path bad = Files.writeString(dir.resolve("bad.tsv"), Files.readString(dir.resolve("catalog.tsv"))
                + "XB01\t坏行\t101\t01\t09\t0.1\t0\tnull\t0\t2024-01-01\tnull\t2026.03\n");
        Result refused = terminal("catalog", "import", "--data-dir", data, bad.toString());
        assertEquals(2, refused.exit(), refused.stdout());
        assertEquals("1108", refused.json().get("term_errcode").asText());
        assertTrue(refused.json().get("err_msg").asText().contains("bad.tsv 第 7 行"), refused.stdout());

        Result mapped = terminal("codemap", "show", "--data-dir", data, "P0003", "--date", "2026-03-01");
        assertEquals(0, mapped.exit(), mapped.stdout());
        String national = mapped.json().get("rows").get(0).get("med_list_codg").asText();
        Result shown = terminal("catalog", "show", "--data-dir", data, national, "--date", "2026-03-01");
        assertEquals(0, shown.exit(), shown.stdout());
        assertEquals("2026.02", shown.json().get("catalog_version").asText());
        assertEquals(0, new java.math.BigDecimal("2.50")
                .compareTo(shown.json().get("rows").get(0).get("pric_uplmt_amt").decimalValue()), shown.stdout());
        Result stopped = terminal("catalog", "show", "--data-dir", data, "XJ01CAA001E001010100555", "--date", "2026-01-01");
        assertEquals(2, stopped.exit(), stopped.stdout());
        assertEquals("1116", stopped.json().get("term_errcode").asText());
    }
}
