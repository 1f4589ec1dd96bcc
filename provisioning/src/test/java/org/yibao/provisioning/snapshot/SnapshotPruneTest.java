package org.yibao.provisioning.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prune of an old snapshot that stops half-way (here a file that cannot be removed, as a
 * power cut in the middle of the removal would leave it) leaves no numbered, incomplete snapshot
 * for {@code provision rollback} to switch to. Root only: the stuck file is made with
 * {@code chattr +i}, which file modes cannot imitate for one file of a folder.
 */
class SnapshotPruneTest {
    private static final List<String> FILES = List.of("bundle.json", "ca.pem", "client.pem", "config.json", "voucher-trust.json");

    @TempDir Path data;

    @Test
    void aPruneCutShortLeavesNoNumberedIncompleteSnapshot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "chattr +i needs root");
        SnapshotStore store = new SnapshotStore(data);
        for (int i = 1; i <= SnapshotStore.KEEP; i++) store.commit(files(i));
        Path stuck = store.folder(1).resolve("config.json");
        chattr("+i", stuck);
        try {
            assertThrows(IOException.class, () -> store.commit(files(SnapshotStore.KEEP + 1)), "the prune could not finish");
            assertEquals(SnapshotStore.KEEP + 1, store.currentNumber().orElseThrow(), "the new snapshot is in force");
            assertFalse(store.numbers().contains(1), "snapshot 1 was half removed: it must not be offered any more");
            assertFalse(store.switchTo(1), "provision rollback 1 finds no snapshot 1");
        } finally {
            try (Stream<Path> all = Files.walk(data)) {
                for (Path p : all.filter(p -> p.getFileName().toString().equals("config.json")).toList()) chattr("-i", p);
            }
        }
        store.commit(files(SnapshotStore.KEEP + 2));
        try (Stream<Path> left = Files.list(data.resolve("snapshots"))) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
                    "the next commit removes what the cut-short prune left");
        }
    }

    private static Map<String, byte[]> files(int n) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : FILES) files.put(name, (name + " of snapshot " + n).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static void chattr(String flag, Path file) throws Exception {
        Process p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError("chattr " + flag + " " + file + ": " + out);
    }
}
