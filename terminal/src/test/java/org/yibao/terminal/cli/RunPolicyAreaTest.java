package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.demo.DemoSystem;

/**
 * A run file whose policy is another pooling area's (the policy file's {@code admdvs}, "统筹区
 * this policy is for") is refused at start with 1219, before any purchase could be settled under
 * that area's deductible, ratios and caps. A policy file with an error is refused with its own
 * code the same way (exit 2, the refusal object), not as an unexpected error (exit 1).
 */
class RunPolicyAreaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void runWithAnotherAreasPolicyRefusesToStart() throws Exception {
        JsonNode refusal = refusedRun(own -> own.replaceFirst("admdvs: \"" + DemoSystem.ADMDVS + "\"", "admdvs: \"370100\""));
        assertEquals("1219", refusal.path("term_errcode").asText(), refusal.toString());
        assertTrue(refusal.path("err_msg").asText().contains("统筹区为 370100，本机医保区划为 " + DemoSystem.ADMDVS), refusal.toString());
    }

    @Test
    void runWithABrokenPolicyFileRefusesWithItsCode() throws Exception {
        JsonNode refusal = refusedRun(own -> own.replaceFirst("admdvs: \"" + DemoSystem.ADMDVS + "\"", "admdvs: [\"unclosed\""));
        assertTrue(refusal.path("term_errcode").asText().matches("12\\d\\d"), refusal.toString());
    }

    private JsonNode refusedRun(java.util.function.UnaryOperator<String> edit) throws Exception {
        Path files = DemoFiles.copyTo(dir.resolve("files"));
        Path policy = files.resolve(DemoFiles.POLICY);
        String own = Files.readString(policy, StandardCharsets.UTF_8);
        String edited = edit.apply(own);
        assertFalse(edited.equals(own), "the demo policy names the demo's area");
        Files.writeString(policy, edited, StandardCharsets.UTF_8);
        Path data = Files.createDirectories(dir.resolve("data"));
        Path config = DemoRunFile.write(dir, policy, 0);

        CliProcess.Result run = CliProcess.run(Map.of(), "run", "--config", config.toString());

        assertEquals(2, run.exit(), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertFalse(Files.exists(data.resolve("terminal.db")), "nothing written");
        return JSON.readTree(run.line());
    }
}
