package org.yibao.outbox.db;

import java.nio.file.Path;
import java.util.List;

/**
 * {@link SqliteDatabase#open} refused to create a new, empty database at {@link #file()} because
 * a quarantined copy of that database ({@code <name>.corrupt-…}, see
 * {@link CorruptDatabaseException}) lies beside it. A new database would start everything it
 * numbers from 1 again - the outbox's message ids among them, ids the centre already holds from
 * the quarantined file and would acknowledge as duplicates - and the claims still inside the
 * quarantined file would be forgotten. Nothing was created. A technician repairs or restores the
 * quarantined file to {@link #file()}, or moves it out of the folder on purpose; then the open
 * goes ahead.
 */
public final class QuarantinedDatabaseException extends RuntimeException {

    private final Path file;
    private final List<Path> quarantined;

    public QuarantinedDatabaseException(Path file, List<Path> quarantined) {
        super("database " + file + " does not exist (or is empty) while its quarantined copy " + quarantined.getFirst()
                + (quarantined.size() > 1 ? " (and " + (quarantined.size() - 1) + " more)" : "")
                + " lies beside it; a new empty database is not created (it would number messages from 1 again, ids the"
                + " centre already holds); repair or restore the quarantined file as " + file.getFileName()
                + ", or move it out of the folder on purpose");
        this.file = file;
        this.quarantined = List.copyOf(quarantined);
    }

    /** The database file that was to be opened (absent or empty). */
    public Path file() {
        return file;
    }

    /** The quarantined files beside it (and their companions), sorted by name; never empty. */
    public List<Path> quarantined() {
        return quarantined;
    }
}
