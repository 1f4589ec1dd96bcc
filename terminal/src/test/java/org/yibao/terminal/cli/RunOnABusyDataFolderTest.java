package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.demo.DemoSystem;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;

/**
 * A second {@code terminal run} on a data folder another service holds (its voucher nonce store
 * {@code DATA/voucher-nonces.db} busy). README, Commands: "A database that cannot be opened or
 * written (a read-only folder, no permission, busy) is 1966 … These are refusals (exit 2, no stack
 * trace on stderr)"; result-codes.md: every refusal has a code and starts with its Chinese message.
 * Found by the bbsignin black-box run: exit 1, {@code 设备无法初始化：cannot open replay store …}.
 */
class RunOnABusyDataFolderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void aBusyNonceStoreIsRefused1966InChinese() throws Exception {
        Path files = DemoFiles.copyTo(dir.resolve("files"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("terminal.yaml"), """
                device_id: K01
                institution: {fixmedins_code: %s, fixmedins_name: %s, admdvs: "%s", hosp_lv: %s}
                data_dir: data
                policy: %s
                api: {port: 0}
                centre: none
                devices:
                  card_reader: simulated
                  scanner: simulated
                  printer: {kind: simulated, paper_width: 58}
                  gpio: simulated
                """.formatted(DemoSystem.FIXMEDINS_CODE, DemoSystem.FIXMEDINS_NAME, DemoSystem.ADMDVS, DemoSystem.HOSP_LV,
                files.resolve(DemoFiles.POLICY)));
        try (SqliteReplayStore running = SqliteReplayStore.open(data)) {
            CliProcess.Result run = CliProcess.run(Map.of(), "run", "--config", config.toString());
            assertEquals(2, run.exit(), run.out() + " / " + run.err());
            JsonNode refusal = JSON.readTree(run.line());
            assertEquals("1966", refusal.path("term_errcode").asText(), run.line());
            assertFalse(run.err().contains("cannot open"), "a Chinese message, not the store's English: " + run.err());
            assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        }
    }
}
