package org.yibao.terminal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** A {@code --data-dir} a read-only command reads: it must be there, and be a folder. */
final class DataFolder {
    private DataFolder() {
    }

    /**
     * Throws the exception a storage refusal (1967) names {@code dir} by when it is no folder: a
     * misspelt {@code --data-dir} is said to be one, not read as an empty box never provisioned.
     */
    static void requireExisting(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        throw Files.exists(dir) ? new NotDirectoryException(dir.toString()) : new NoSuchFileException(dir.toString());
    }
}
