package org.yibao.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * terminal.jar's entry point as its own JVM: what a command writes reaches stdout before
 * {@code System.exit}, on the fast path ({@code terminal X ...}) as on the whole tree.
 */
class TerminalCliProcessTest {
    @TempDir Path dir;

    @Test
    void printerDecodeShowsWhatTheTerminalPrinted() throws Exception {
        Path capture = Files.createFile(dir.resolve("out.bin"));
        CliProcess.Result printed = CliProcess.run(Map.of(), "printer", "test", "--usb", capture.toString(), "--no-status");
        assertEquals(0, printed.exit(), printed.err());
        assertTrue(Files.size(capture) > 0, "the test receipt went to the capture file");

        CliProcess.Result decoded = CliProcess.run(Map.of(), "printer", "decode", capture.toString());
        assertEquals(0, decoded.exit(), decoded.err());
        String transcript = String.join("\n", decoded.out());
        assertTrue(transcript.contains("打印测试"), transcript);
        assertTrue(transcript.contains("[CUT"), transcript);
    }

    @Test
    void everyCommandAnswersVersion() throws Exception {
        CliProcess.Result terminal = CliProcess.run(Map.of(), "--version");
        assertEquals(0, terminal.exit(), terminal.err());
        assertTrue(terminal.line().startsWith("terminal "), terminal.line());
        for (List<String> args : List.of(List.of("demo", "--version"), List.of("printer", "decode", "-V"))) {
            CliProcess.Result run = CliProcess.run(Map.of(), args.toArray(String[]::new));
            assertEquals(0, run.exit(), args + ": " + run.err());
            assertEquals(terminal.out(), run.out(), args.toString());
        }
    }

    /**
     * Pi4J logs ERRORs of its own when the board is not a Raspberry Pi; a technician's selftest
     * shows the FAIL line and the terminal's one WARN, not Pi4J's board-detection noise.
     */
    @Test
    void gpioWithoutAChipIsOneWarnLineNotPi4jsBoardErrors() throws Exception {
        Assumptions.assumeFalse(Files.exists(Path.of("/dev/gpiochip0")), "this machine has GPIO");
        Path data = Files.createDirectories(dir.resolve("data"));
        Path runFile = ExamplePolicy.besides(Files.writeString(dir.resolve("terminal.yaml"), """
                device_id: T01
                institution: {fixmedins_code: H37150200001, fixmedins_name: 演示药店, admdvs: "371502", hosp_lv: pharmacy}
                data_dir: %s
                policy: policy.yaml
                centre: none
                devices: {card_reader: simulated, scanner: simulated, printer: {kind: simulated, paper_width: 80}, gpio: {led_green: 17}}
                """.formatted(data)));
        // terminal.jar's own logging (commands run by hand) and the package's (the service, at INFO)
        for (String logback : List.of(Path.of(getClass().getResource("/logback.xml").toURI()).toString(), "src/deb/share/logback.xml")) {
            CliProcess.Result run = CliProcess.start(Map.of(), List.of("-Dlogback.configurationFile=" + logback,
                    "-Dyibao.log.dir=" + dir.resolve("logs")), "selftest", "--config", runFile.toString()).finish();
            assertEquals(1, run.exit(), run.err());
            assertTrue(run.out().stream().anyMatch(l -> l.matches("FAIL\\s+led-buzzer\\s+.*本机没有 GPIO 设备.*")), run.out().toString());
            assertTrue(run.err().contains("DeviceFactory") && run.err().contains("cannot be made"), run.err());
            assertFalse(run.err().contains("ERROR"), logback + ": no ERROR line for a device that is not there: " + run.err());
        }
    }
}
