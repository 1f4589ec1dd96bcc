package org.yibao.outbox.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * Renames a bad database file and its -wal / -shm / -journal companions aside; never deletes
 * data. SQLite may remove or reset a companion while it fails to open a bad file, so
 * {@link #guard(Path)} keeps a second hard link (or a copy) of each companion taken before the
 * open; the quarantine keeps the guarded bytes.
 */
final class Quarantine {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final String[] COMPANIONS = {"-wal", "-shm", "-journal"};
    private static final String GUARD = ".open-guard";

    private Quarantine() {
    }

    /** Links each existing companion of {@code file} to {@code <companion>.open-guard}. */
    static void guard(Path file) {
        for (String suffix : COMPANIONS) {
            Path companion = sibling(file, suffix);
            Path guard = sibling(file, suffix + GUARD);
            try {
                Files.deleteIfExists(guard);
                if (Files.exists(companion)) {
                    try {
                        Files.createLink(guard, companion);
                    } catch (UnsupportedOperationException | IOException noLinks) {
                        Files.copy(companion, guard);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not guard " + companion + " before opening it", e);
            }
        }
    }

    /** Drops the guards after a successful open (the companions are SQLite's again). */
    static void release(Path file) {
        for (String suffix : COMPANIONS) {
            try {
                Files.deleteIfExists(sibling(file, suffix + GUARD));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Moves {@code file} (and companions) to {@code <name>.corrupt-<stamp>[-n]}; returns the new path. */
    static Path moveAside(Path file, Clock clock) {
        String stamp = LocalDateTime.now(clock).format(STAMP);
        Path target = freeTarget(file, file.getFileName() + ".corrupt-" + stamp);
        try {
            for (String suffix : COMPANIONS) {
                moveCompanion(file, target, suffix);
            }
            Files.move(file, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not quarantine " + file + " to " + target, e);
        }
    }

    private static void moveCompanion(Path file, Path target, String suffix) throws IOException {
        Path current = sibling(file, suffix);
        Path guard = sibling(file, suffix + GUARD);
        Path destination = sibling(target, suffix);
        if (Files.exists(guard)) {
            Files.move(guard, destination);
            if (Files.exists(current)) {
                if (Files.isSameFile(current, destination)) {
                    Files.delete(current); // a second name of the bytes just quarantined
                } else {
                    Files.move(current, sibling(target, suffix + "-after-open"));
                }
            }
        } else if (Files.exists(current)) {
            Files.move(current, destination);
        }
    }

    /**
     * The quarantined copies of {@code file} in its folder: every entry named
     * {@code <name>.corrupt-…} (the files {@link #moveAside} made and their companions), sorted
     * by name; empty when there are none or the folder does not exist.
     */
    static List<Path> quarantinedCopies(Path file) {
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return List.of();
        }
        String prefix = file.getFileName() + ".corrupt-";
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + " for quarantined copies of " + file.getFileName(), e);
        }
    }

    /** {@code file}'s companion {@code <name><suffix>} in the same folder. */
    static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static Path freeTarget(Path file, String baseName) {
        Path candidate = file.resolveSibling(baseName);
        for (int n = 1; Files.exists(candidate); n++) {
            candidate = file.resolveSibling(baseName + "-" + n);
        }
        return candidate;
    }
}
