package org.yibao.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_CERTNO;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.ZHANG_PSN;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.byId;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.line;
import static org.yibao.terminal.e2e.PurchasesOverHttpTest.purchase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yibao.terminal.cli.ZipTexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.terminal.app.BeijingTime;
import org.yibao.terminal.cli.CliProcess;

/**
 * The service's log on a device: {@code terminal run} started as yibao-terminal-service starts it,
 * with the Debian package's logback.xml (src/deb/share/logback.xml) and {@code yibao.log.dir} the
 * data folder's {@code logs/}, writes its lines to {@code DATA/logs/terminal.log} (in Beijing time,
 * also when the child's zone is Pacific/Honolulu) as well as to stderr (journald), and
 * {@code terminal diagnostics export} of that data folder, run by hand with terminal.jar's own
 * configuration, carries them, keeps its stdout to its one line and adds no file to the folder.
 * Before, the package shipped no such file: the service logged to stderr only and the export held
 * no logs. A full disk (the log file is /dev/full) or a logs folder that cannot be made costs log
 * lines, never a settlement; a folder that cannot be written to, or one outside the data folder
 * (which the diagnostics would miss), is said on stderr at start ({@link org.yibao.terminal.app.ServiceLogFolder}).
 */
class ServiceLogProcessTest {
    private static final Path PACKAGED_LOGBACK = Path.of("src/deb/share/logback.xml");
    private static final Path JAR_LOGBACK = Path.of("src/main/resources/logback.xml");

    @Test
    void theServiceLogLandsInTheDataFolderAndTheDiagnosticsExportCarriesIt(@TempDir Path dir) throws Exception {
        Path logs = dir.resolve("data/logs");
        try (Rig rig = Rig.start(dir)) {
            String settled = rig.settleOnePurchase();
            assertTrue(rig.terminal.awaitErr("infno=2102 msgid=" + settled + " -> 0"), "stderr (journald) keeps every line");
            rig.terminal.terminate();
            String log = Files.readString(logs.resolve("terminal.log"), StandardCharsets.UTF_8);
            assertTrue(log.contains("local API listening on http://127.0.0.1:"), log);
            assertTrue(log.contains("infno=2102 msgid=" + settled + " -> 0"), log);
            LocalDateTime first = LocalDateTime.parse(log.substring(0, 23), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"));
            assertTrue(Duration.between(first, LocalDateTime.now(BeijingTime.ZONE)).abs().toMinutes() < 5,
                    "dated in Beijing time although the child's zone is Honolulu: " + log);

            Path zip = dir.resolve("diagnostics.zip");
            CliProcess.Result export = CliProcess.start(Map.of(), List.of("-Dlogback.configurationFile=" + JAR_LOGBACK.toAbsolutePath()),
                    "diagnostics", "export", zip.toString(), "--config", rig.config().toString()).finish();
            assertEquals(0, export.exit(), export.err());
            assertEquals(List.of("已导出 " + zip + " (" + ZipTexts.of(zip).size() + " 项)"), export.out(), "stdout is the one line");
            String exported = ZipTexts.of(zip).get("logs/terminal.log");
            assertTrue(exported != null && exported.contains("infno=2102 msgid=" + settled + " -> 0"), String.valueOf(exported));
            assertEquals(List.of("terminal.log"), names(logs), "the export wrote no log file of its own");
        }
    }

    @Test
    void aFullDiskCostsLogLinesNotSettlements(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("data/logs"));
        Files.createSymbolicLink(dir.resolve("data/logs/terminal.log"), Path.of("/dev/full"));
        settlesAndLogsToStderr(dir);
    }

    @Test
    void aLogFolderThatCannotBeMadeCostsLogLinesNotSettlementsAndIsSaidOnStderr(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/logs"), "a file where the folder should be");
        try (Rig rig = Rig.start(dir, dir.resolve("data/logs"))) {
            assertTrue(rig.terminal.awaitErr("警告：服务日志目录 " + dir.resolve("data/logs") + " 无法写入"), "said where journald keeps it");
            String settled = rig.settleOnePurchase();
            assertTrue(rig.terminal.awaitErr("infno=2102 msgid=" + settled + " -> 0"), "stderr (journald) keeps every line");
        }
    }

    /** YIBAO_LOG_DIR set to another folder than the run file's data_dir/logs: the diagnostics would miss the log, so it is said. */
    @Test
    void aLogFolderOutsideTheDataFolderIsSaidOnStderr(@TempDir Path dir) throws Exception {
        Path elsewhere = dir.resolve("var-log-yibao");
        try (Rig rig = Rig.start(dir, elsewhere)) {
            assertTrue(rig.terminal.awaitErr("警告：服务日志写在 " + elsewhere + "，不在数据目录的 " + dir.resolve("data/logs")),
                    "the technician hears which folder to set");
            String settled = rig.settleOnePurchase();
            assertTrue(rig.terminal.awaitErr("infno=2102 msgid=" + settled + " -> 0"));
            rig.terminal.terminate();
            assertTrue(Files.readString(elsewhere.resolve("terminal.log")).contains("infno=2102 msgid=" + settled + " -> 0"));
        }
    }

    private static void settlesAndLogsToStderr(Path dir) throws Exception {
        try (Rig rig = Rig.start(dir)) {
            String settled = rig.settleOnePurchase();
            assertTrue(rig.terminal.awaitErr("infno=2102 msgid=" + settled + " -> 0"), "stderr (journald) keeps every line");
        }
    }

    /** {@link RunServiceSetup} and {@code terminal run} with the packaged logging configuration, as the service gets it. */
    private record Rig(RunServiceSetup setup, CliProcess terminal) implements AutoCloseable {
        static Rig start(Path dir) throws Exception {
            return start(dir, dir.resolve("data/logs"));
        }

        static Rig start(Path dir, Path logDir) throws Exception {
            RunServiceSetup setup = RunServiceSetup.start(dir);
            CliProcess terminal = CliProcess.start(Map.of("TZ", "Pacific/Honolulu"), List.of(
                    "-Dlogback.configurationFile=" + PACKAGED_LOGBACK.toAbsolutePath(),
                    "-Dyibao.log.dir=" + logDir), "run", "--config", setup.config().toString());
            Rig rig = new Rig(setup, terminal);
            String ready = terminal.nextOut();
            if (ready == null || !ready.startsWith("终端服务已启动")) {
                rig.close();
                throw new AssertionError("terminal run did not start: " + ready);
            }
            return rig;
        }

        Path config() {
            return setup.config();
        }

        /** Signs in, identifies 张三 and settles one purchase; returns the purchase's msgid. */
        String settleOnePurchase() throws Exception {
            HttpPos pos = setup.pos();
            String signNo = pos.signIn(E2eTerminal.CASHIER, E2eTerminal.PASSWORD);
            E2eTerminal.ok(HttpPos.parse(pos.post(pos.envelope("1101", pos.nextMsgid(), E2eTerminal.CASHIER, signNo, "1",
                    byId(ZHANG_CERTNO)))));
            String msgid = pos.nextMsgid();
            E2eTerminal.ok(HttpPos.parse(pos.post(pos.envelope("2102", msgid, E2eTerminal.CASHIER, signNo, "1",
                    purchase(ZHANG_PSN, "310", "02", "0", line("1", "P0001", "25.50", "1", "25.50"))))));
            return msgid;
        }

        @Override public void close() throws Exception {
            try (setup) {
                terminal.terminate();
            }
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
