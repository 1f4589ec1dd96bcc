package org.yibao.terminal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.yibao.outbox.db.SqliteDatabase;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The read-only reports of {@code terminal center …}: open the centre's existing SQLite file,
 * build one value from it and print it as JSON. Exit 0, or 2 with a Chinese message when the file
 * is missing or cannot be read.
 */
final class CentreDatabaseReport {
    /** Builds the report from the open database. */
    interface Query {
        Object from(SqliteDatabase database) throws SQLException;
    }

    private CentreDatabaseReport() {}

    static int print(CommandSpec spec, Path db, Query query) throws JsonProcessingException {
        if (!Files.isRegularFile(db)) {
            spec.commandLine().getErr().println("中心数据库不存在：" + db);
            return 2;
        }
        Object report;
        try (SqliteDatabase database = SqliteDatabase.open(db)) {
            report = query.from(database);
        } catch (SQLException | RuntimeException e) {
            spec.commandLine().getErr().println("中心数据库无法读取：" + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(report));
        return 0;
    }
}
