package org.yibao.terminal.app;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a technician must hear at start about the service's rolling log, which the Debian
 * package's logback.xml writes to {@value #PROPERTY} (from {@code YIBAO_LOG_DIR} of
 * /etc/default/yibao-terminal). The launcher cannot read the run file, so the two can disagree:
 * logs written outside the data folder's {@code logs/} never reach {@code terminal diagnostics
 * export} or the centre's diagnostics command. Logback keeps its own file errors quiet (a full
 * disk must cost log lines, never a settlement), so a folder it cannot write to is said here,
 * on stderr, which journald keeps. Nothing is said when the property is not set (every command
 * run by hand, the demo).
 */
public final class ServiceLogFolder {
    /** The system property the launcher sets for the service's {@code run} only. */
    public static final String PROPERTY = "yibao.log.dir";

    private ServiceLogFolder() {
    }

    /** The warnings for the service's log folder {@code configured} (the property, if set) and its data folder. */
    public static List<String> warnings(Optional<String> configured, Path dataDir) {
        List<String> warnings = new ArrayList<>();
        if (configured.isEmpty()) {
            return warnings;
        }
        Path expected = dataDir.resolve("logs").toAbsolutePath().normalize();
        Path folder;
        try {
            folder = Path.of(configured.get()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            warnings.add("警告：服务日志目录无效（" + configured.get() + "），日志只写入 journald。请把 /etc/default/yibao-terminal 的"
                    + " YIBAO_LOG_DIR 设为 " + expected + "。");
            return warnings;
        }
        if (!folder.equals(expected)) {
            warnings.add("警告：服务日志写在 " + folder + "，不在数据目录的 " + expected + "：诊断导出和中心的诊断命令读不到这些日志。"
                    + "请把 /etc/default/yibao-terminal 的 YIBAO_LOG_DIR 设为 " + expected + " 后重启服务。");
        }
        if (!writableFolder(folder)) {
            warnings.add("警告：服务日志目录 " + folder + " 无法写入，日志只写入 journald（journalctl -u yibao-terminal）。"
                    + "请检查该目录的权限与磁盘空间。");
        }
        return warnings;
    }

    /** The folder exists and may be written, or does not exist yet but its nearest existing parent may be (logback makes it). */
    private static boolean writableFolder(Path folder) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.isDirectory(existing) && Files.isWritable(existing);
    }
}
