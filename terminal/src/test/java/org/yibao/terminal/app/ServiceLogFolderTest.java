package org.yibao.terminal.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up warnings about the service's log folder, on real folders. */
class ServiceLogFolderTest {
    @TempDir Path dir;

    @Test
    void nothingIsSaidWithoutTheServicesLogging() {
        assertEquals(List.of(), ServiceLogFolder.warnings(Optional.empty(), dir.resolve("data")));
    }

    @Test
    void theDataFoldersLogsIsRightAlsoBeforeLogbackMadeItAndWrittenAnotherWay() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        assertEquals(List.of(), ServiceLogFolder.warnings(Optional.of(data + "/logs"), data), "not made yet: logback makes it");
        Files.createDirectories(data.resolve("logs"));
        assertEquals(List.of(), ServiceLogFolder.warnings(Optional.of(data + "/./logs/"), data));
    }

    @Test
    void aFolderOutsideTheDataFolderIsNamedWithTheOneToSet() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path elsewhere = Files.createDirectories(dir.resolve("var-log"));
        List<String> warnings = ServiceLogFolder.warnings(Optional.of(elsewhere.toString()), data);
        assertEquals(1, warnings.size(), warnings.toString());
        String warning = warnings.getFirst();
        assertTrue(warning.startsWith("警告：服务日志写在 " + elsewhere + "，不在数据目录的 " + data.resolve("logs")), warning);
        assertTrue(warning.contains("YIBAO_LOG_DIR 设为 " + data.resolve("logs")), warning);
    }

    @Test
    void aFileWhereTheFolderShouldBeIsSaid() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("logs"), "not a folder");
        List<String> warnings = ServiceLogFolder.warnings(Optional.of(data.resolve("logs").toString()), data);
        assertEquals(List.of("警告：服务日志目录 " + data.resolve("logs") + " 无法写入，日志只写入 journald（journalctl -u yibao-terminal）。"
                + "请检查该目录的权限与磁盘空间。"), warnings);
    }

    @Test
    void aFolderUnderAFileCannotBeMadeEither() throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        Path data = Files.createDirectories(dir.resolve("data"));
        List<String> warnings = ServiceLogFolder.warnings(Optional.of(dir.resolve("file/logs").toString()), data);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(1).contains("无法写入"), warnings.toString());
    }
}
