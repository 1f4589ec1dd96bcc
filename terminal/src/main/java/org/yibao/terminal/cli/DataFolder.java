package org.yibao.terminal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import picocli.CommandLine;

/** A {@code --data-dir} a read-only command reads: it must be there, and be a folder; and never beside {@code --config}. */
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

    /**
     * {@code --config} and {@code --data-dir} together are a usage error: which folder a command
     * acts on (a reset empties) must not depend on which of the two wins.
     */
    static void notBoth(CommandLine cmd, Path config, Path dataDir) {
        if (config != null && dataDir != null) {
            throw new CommandLine.ParameterException(cmd, "只能给出 --config FILE 或 --data-dir DIR 之一（数据目录取自运行配置的 data_dir）");
        }
    }
}
