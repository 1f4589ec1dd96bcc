package org.yibao.outbox.db;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * A store was opened on a database that does not hold its tables (for a read-only open: a file
 * that is a SQLite database, but not the one the command expects). Nothing was created.
 */
public final class MissingTableException extends SQLException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> tables;

    public MissingTableException(Path file, List<String> tables) {
        super("database " + file + " has no table " + String.join(", ", tables));
        this.tables = List.copyOf(tables);
    }

    /** The tables that are missing. */
    public List<String> tables() {
        return tables;
    }
}
