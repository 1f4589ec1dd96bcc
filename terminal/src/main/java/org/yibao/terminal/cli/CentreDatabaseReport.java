package org.yibao.terminal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.RefusedException;
import org.yibao.terminal.store.DatabaseFileReason;
import org.yibao.terminal.store.ExistingDatabase;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The read-only reports of {@code terminal center …}: open the centre's existing SQLite file
 * read-only ({@link ExistingDatabase}: nothing created, migrated, written or moved aside, so a
 * wrong path costs the user nothing), build one value from it and print it as JSON. Exit 0, or 2
 * with {@code {"term_errcode","err_msg"}} on stdout when the file is missing (1960), empty or not
 * a SQLite database (1961), lacks the centre's tables (1962) or cannot be read (1963).
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

    /** What {@code query} builds from the centre's existing file; empty, the refusal printed, when it cannot. */
    static <T> Optional<T> read(CommandSpec spec, Path db, Query<T> query) {
        String named = "--db " + db;
        try (SqliteDatabase database = ExistingDatabase.open(db, named)) {
            return Optional.of(query.from(database));
        } catch (RefusedException e) {
            refuse(spec, e.refusal());
        } catch (SQLException e) {
            refuse(spec, CliRefusal.readingDatabase(e, named));
        } catch (RuntimeException e) {
            refuse(spec, new Refusal(DatabaseFileReason.UNREADABLE, named + "：" + e.getMessage()));
        } catch (Exception e) {
            spec.commandLine().getErr().println(e.getMessage());
        }
        return Optional.empty();
    }

    private static void refuse(CommandSpec spec, Refusal refusal) {
        CliRefusal.print(spec.commandLine(), refusal);
    }
}
