package org.yibao.provisioning.selftest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.provisioning.store.SqliteReason;

/**
 * {@code PRAGMA integrity_check} on the terminal database over a read-only connection (that also
 * reads a database in a folder that has become read-only, as a worn SD card's may): a
 * corrupt file is reported FAIL and left exactly where and as it is (never renamed, deleted or
 * recreated; the service's own open quarantines it).
 */
public record DatabaseCheck(Path databaseFile) implements Check {

    @Override public String name() {
        return "database";
    }

    @Override public CheckResult run() {
        if (!Files.isRegularFile(databaseFile)) {
            List<Path> quarantined = quarantined();
            if (!quarantined.isEmpty()) {
                // as the commands that write say it (1965): the quarantined copy may hold unsent claims
                return fail("1965 数据库曾被隔离，未新建数据库：" + String.join("、", quarantined.stream().map(Path::toString).toList())
                        + "；请修复或恢复该文件为 " + databaseFile + "，或确认其中数据已另行处理后有意将其移出该目录");
            }
            return fail("数据库文件不存在: " + databaseFile);
        }
        try (SqliteDatabase db = SqliteDatabase.openReadOnly(databaseFile)) {
            List<String> problems = db.read(DatabaseCheck::integrityProblems);
            return problems.isEmpty() ? pass("integrity_check ok: " + databaseFile.getFileName())
                    : fail("数据库损坏 (integrity_check): " + String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
        } catch (SQLException e) {
            return fail("数据库无法读取: " + SqliteReason.of(e));
        }
    }

    /** The quarantined copies of this database beside it ({@code terminal.db.corrupt-<time>}, not their -wal/-shm), oldest first. */
    private List<Path> quarantined() {
        Path folder = databaseFile.toAbsolutePath().getParent();
        String prefix = databaseFile.getFileName() + ".corrupt-";
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith(prefix) && name.length() > prefix.length() && Character.isDigit(name.charAt(prefix.length()))
                        && !name.endsWith("-wal") && !name.endsWith("-shm");
            }).sorted().toList();
        } catch (IOException e) {
            return List.of(); // a folder that cannot be listed: the plain answer below stands
        }
    }

    private static List<String> integrityProblems(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            List<String> problems = new ArrayList<>();
            while (rs.next()) {
                String row = rs.getString(1);
                if (!"ok".equals(row)) problems.add(row);
            }
            return problems;
        }
    }
}
