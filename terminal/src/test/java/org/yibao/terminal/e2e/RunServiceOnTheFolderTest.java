package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.net.LoopbackPorts;
import org.yibao.terminal.cli.CliProcess;
import org.yibao.terminal.demo.DemoFiles;
import org.yibao.terminal.demo.DemoSystem;

/**
 * {@code terminal run} (a child JVM, no devices configured, so no voucher store to hold) owns its
 * data folder while it runs: {@code factory-reset} is refused 1998 with nothing removed (it went
 * through, and the service went on settling into deleted files: black-box re-check), a second
 * service on the folder is refused 1966, and once the service stops the reset goes.
 */
class RunServiceOnTheFolderTest {
    @TempDir Path dir;

    @Test
    void aRunningServiceKeepsAResetAndASecondServiceOffItsFolder() throws Exception {
        DemoFiles.copyTo(dir.resolve("files"));
        Path config = Files.writeString(dir.resolve("terminal.yaml"), """
                device_id: K01
                institution: {fixmedins_code: %s, fixmedins_name: %s, admdvs: "%s", hosp_lv: %s}
                data_dir: data
                policy: files/%s
                api: {port: %d}
                centre: none
                """.formatted(DemoSystem.FIXMEDINS_CODE, DemoSystem.FIXMEDINS_NAME, DemoSystem.ADMDVS, DemoSystem.HOSP_LV,
                DemoFiles.POLICY, LoopbackPorts.free()));
        CliProcess service = KillDuringSettlementsTest.startTerminal(config);
        try {
            CliProcess.Result reset = CliProcess.run(Map.of(), "factory-reset", "--config", config.toString(), "--yes");
            assertEquals(2, reset.exit(), reset.out() + " / " + reset.err());
            assertTrue(reset.err().contains("1998 数据目录正被运行中的终端服务使用"), reset.err());
            assertTrue(Files.exists(dir.resolve("data/terminal.db")) && Files.exists(config), "nothing removed");

            CliProcess.Result second = CliProcess.run(Map.of(), "run", "--config", config.toString());
            assertEquals(2, second.exit(), second.out() + " / " + second.err());
            assertTrue(second.out().toString().contains("\"term_errcode\":\"1966\""), second.out() + " / " + second.err());
        } finally {
            service.terminate();
        }
        CliProcess.Result reset = CliProcess.run(Map.of(), "factory-reset", "--config", config.toString(), "--yes");
        assertEquals(0, reset.exit(), "the service stopped, the reset goes: " + reset.out() + " / " + reset.err());
        try (var left = Files.list(dir.resolve("data"))) {
            assertEquals(0, left.count());
        }
    }
}
