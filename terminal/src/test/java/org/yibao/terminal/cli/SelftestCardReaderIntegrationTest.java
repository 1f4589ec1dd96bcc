package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code terminal selftest} with a configured PC/SC reader, as its own JVM against a private
 * pcscd with the virtual reader and 社保卡: reader present PASS, a card read PASS when
 * interactive, a pattern no reader matches FAIL, and pcscd stopped FAIL.
 */
class SelftestCardReaderIntegrationTest {
    @TempDir Path dir;
    private PcscStack pcsc;

    @BeforeEach void start() throws Exception {
        pcsc = new PcscStack(dir.resolve("pcsc"));
    }

    @AfterEach void stop() throws Exception {
        pcsc.close();
    }

    private Path config(String pattern) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        SelftestCommandTest.database(data);
        return ExamplePolicy.besides(Files.writeString(dir.resolve("terminal-" + Math.abs(pattern.hashCode()) + ".yaml"), """
                device_id: T01
                institution: {fixmedins_code: H37150200001, fixmedins_name: 演示药店, admdvs: "371502", hosp_lv: pharmacy}
                data_dir: %s
                policy: policy.yaml
                centre: none
                devices:
                  card_reader: {name_pattern: "%s"}
                  scanner: simulated
                  printer: {kind: simulated, paper_width: 80}
                  gpio: simulated
                """.formatted(data, pattern)));
    }

    private static String line(CliProcess.Result r, String check) {
        return r.out().stream().filter(l -> l.matches("(PASS|FAIL|SKIP)\\s+" + check + "\\s.*")).findFirst()
                .orElse("(no line for " + check + ") " + r);
    }

    @Test void theVirtualReaderIsPresentAndItsCardIsReadWhenInteractive() throws Exception {
        Path config = config("Virtual PCD");
        CliProcess.Result present = CliProcess.run(pcsc.env(), "selftest", "--config", config.toString());
        assertEquals(0, present.exit(), present.toString());
        assertTrue(line(present, "card-reader").startsWith("PASS") && line(present, "card-reader").contains("Virtual PCD"), present.toString());
        assertTrue(line(present, "card-read").startsWith("SKIP"), present.toString());

        pcsc.insertCard();
        CliProcess.Result read = CliProcess.run(pcsc.env(), "selftest", "--config", config.toString(), "--interactive", "--timeout", "10");
        assertEquals(0, read.exit(), read.toString());
        assertTrue(line(read, "card-read").startsWith("PASS"), read.toString());
    }

    @Test void aReaderNobodyPluggedInOrNoPcscServiceFails() throws Exception {
        CliProcess.Result wrong = CliProcess.run(pcsc.env(), "selftest", "--config", config("^ACS ACR122").toString());
        assertEquals(1, wrong.exit(), wrong.toString());
        assertTrue(line(wrong, "card-reader").startsWith("FAIL"), wrong.toString());

        pcsc.stopPcscd();
        CliProcess.Result down = CliProcess.run(pcsc.env(), "selftest", "--config", config("Virtual PCD").toString());
        assertEquals(1, down.exit(), down.toString());
        assertTrue(line(down, "card-reader").startsWith("FAIL"), down.toString());
        assertTrue(line(down, "card-reader").contains("1410 读卡服务"), down.toString());
        assertFalse(java.util.regex.Pattern.compile("[A-Za-z]{4,}").matcher(line(down, "card-reader").replaceFirst("^FAIL\\s+card-reader", "").replace("pcscd", ""))
                .find(), "a technician reads Chinese with the code, not the PC/SC error: " + line(down, "card-reader"));
    }
}
