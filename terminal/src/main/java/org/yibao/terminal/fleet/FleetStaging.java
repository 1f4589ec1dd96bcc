package org.yibao.terminal.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.provisioning.update.Update;

/**
 * {@code <data>/fleet-staging}: where a catalogue or code-map update is written before its import
 * (in a folder of its own, under the update's name) and a diagnostics zip before it is read, each removed as soon as it was used. A service killed
 * in between (power pulled, kill -9) leaves its file behind, a whole catalogue each time, on a
 * small disk; nothing there is needed across a restart, so the service empties the folder as it
 * starts, before anything is staged.
 */
final class FleetStaging {
    private static final Logger LOG = LoggerFactory.getLogger(FleetStaging.class);

    private FleetStaging() {
    }

    /** The staging folder of {@code dataDir}, with what an earlier run left in it removed. */
    static Path emptied(Path dataDir) {
        Path staging = dataDir.resolve("fleet-staging");
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) return staging;
        try (Stream<Path> entries = Files.list(staging)) {
            int removed = 0;
            for (Path p : entries.toList()) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    removed += removeFiles(p); // an update staged in a folder of its own
                    Files.deleteIfExists(p);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                    removed++;
                }
            }
            if (removed > 0) LOG.info("fleet: removed {} file(s) an interrupted update or upload left in {}", removed, staging);
        } catch (IOException e) {
            LOG.warn("fleet: could not empty {}: {}", staging, e.toString());
        }
        return staging;
    }

    /**
     * A path for {@code update}'s file in a folder of its own under {@code staging}, named after the
     * update ({@code area/371502/7} → {@code area_371502_7.tsv}), so that an importer's refusal,
     * which names the file and line, names the update the centre sent. Nothing is written yet.
     */
    static Path file(Path staging, Update update, boolean zip) {
        try {
            Files.createDirectories(staging);
            Path folder = Files.createTempDirectory(staging, update.kind().wire() + "-");
            return folder.resolve(update.updateId().replaceAll("[^A-Za-z0-9._-]", "_") + (zip ? ".zip" : ".tsv"));
        } catch (IOException e) {
            throw new UncheckedIOException("fleet: cannot stage " + update.updateId(), e);
        }
    }

    /** {@code file} (a staged {@code .tsv}) named as the zip it turned out to be. */
    static Path asZip(Path file) {
        String name = file.getFileName().toString();
        return file.resolveSibling((name.endsWith(".tsv") ? name.substring(0, name.length() - 4) : name) + ".zip");
    }

    /** Removes a staged {@code file} and its folder (a failure is logged: the next start empties the folder). */
    static void remove(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            LOG.warn("fleet: staged file {} not removed: {}", file, e.toString());
        }
    }

    /** Removes the regular files directly in {@code folder}; returns how many. */
    private static int removeFiles(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> files = entries.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
            for (Path p : files) Files.deleteIfExists(p);
            return files.size();
        }
    }
}
