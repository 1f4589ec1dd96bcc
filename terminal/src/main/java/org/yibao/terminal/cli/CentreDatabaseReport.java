package org.yibao.terminal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The read-only reports of {@code terminal center …}: open the centre's existing SQLite file,
 * build one value from it and print it as JSON. Exit 0, or 2 with a Chinese message when the file
 * is missing or cannot be read.
 */
final class CentreDatabaseReport {
    /** Builds a value from the open database; a checked exception other than SQL's carries its own message. */
    interface Query<T> {
        T from(SqliteDatabase database) throws Exception;
    }

    private CentreDatabaseReport() {}

    static int print(CommandSpec spec, Path db, Query<?> query) throws JsonProcessingException {
        Optional<?> report = read(spec, db, query);
        if (report.isEmpty()) return 2;
        spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(report.get()));
        return 0;
    }

    /** What {@code query} builds from the centre's existing file; empty, the Chinese message printed, when it cannot. */
    static <T> Optional<T> read(CommandSpec spec, Path db, Query<T> query) {
        if (!Files.isRegularFile(db)) {
            spec.commandLine().getErr().println("中心数据库不存在：" + db);
            return Optional.empty();
        }
        try (SqliteDatabase database = SqliteDatabase.open(db)) {
            return Optional.of(query.from(database));
        } catch (SQLException | RuntimeException e) {
            spec.commandLine().getErr().println("中心数据库无法读取：" + e.getMessage());
        } catch (Exception e) {
            spec.commandLine().getErr().println(e.getMessage());
        }
        return Optional.empty();
    }
}
