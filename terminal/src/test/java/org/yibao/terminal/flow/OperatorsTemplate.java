package org.yibao.terminal.flow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A terminal.db with the fixture operators in it, made once for a test class that opens many
 * terminals: hashing their passwords takes seconds, copying the file does not.
 */
final class OperatorsTemplate implements AutoCloseable {
    private final Path dir;

    OperatorsTemplate(String name) throws IOException, SQLException {
        dir = Files.createTempDirectory(name);
        FlowRig.offline(dir).close();
    }

    /** Puts a copy of the template's terminal.db into {@code folder} (created when missing). */
    void copyInto(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.copy(dir.resolve("terminal.db"), folder.resolve("terminal.db"));
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
        }
    }
}
