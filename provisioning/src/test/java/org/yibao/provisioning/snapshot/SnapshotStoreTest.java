package org.yibao.provisioning.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The numbered configuration snapshots a device keeps for {@code provision rollback}. */
class SnapshotStoreTest {
    @TempDir Path data;

    private static Map<String, byte[]> files(int n) {
        return Map.of("config.json", ("config " + n).getBytes(StandardCharsets.UTF_8));
    }

    private List<String> entries() throws Exception {
        try (Stream<Path> s = Files.list(data.resolve("snapshots"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String current(SnapshotStore store) throws Exception {
        return new String(store.readCurrent("config.json").orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void theNewestTenAreKeptAndNothingElseIsLeftInTheFolder() throws Exception {
        SnapshotStore store = new SnapshotStore(data);
        for (int i = 1; i <= SnapshotStore.KEEP + 2; i++) assertEquals(i, store.commit(files(i)));
        assertEquals(IntStream.rangeClosed(3, SnapshotStore.KEEP + 2).boxed().toList(), store.numbers());
        assertEquals(IntStream.rangeClosed(3, SnapshotStore.KEEP + 2).mapToObj("%04d"::formatted).toList(), entries());
        assertEquals(SnapshotStore.KEEP + 2, store.currentNumber().orElseThrow());
        assertEquals("config " + (SnapshotStore.KEEP + 2), current(store));
    }

    @Test
    void whatACutShortCommitOrPruneLeftIsClearedByTheNextCommit() throws Exception {
        SnapshotStore store = new SnapshotStore(data);
        store.commit(files(1));
        Files.writeString(Files.createDirectories(data.resolve("snapshots/.staging-2")).resolve("config.json"), "half");
        Files.writeString(Files.createDirectories(data.resolve("snapshots/.pruned-0000")).resolve("config.json"), "old");
        assertEquals(List.of(1), store.numbers(), "leftovers are not snapshots");
        assertEquals(2, store.commit(files(2)));
        assertEquals(List.of("0001", "0002"), entries());
        assertEquals("config 2", current(store));
    }

    @Test
    void aRollbackSwitchesToAKeptSnapshotAndOnlyToOne() throws Exception {
        SnapshotStore store = new SnapshotStore(data);
        store.commit(files(1));
        store.commit(files(2));
        assertTrue(store.switchTo(1));
        assertEquals(1, store.currentNumber().orElseThrow());
        assertEquals("config 1", current(store));
        assertFalse(store.switchTo(7));
        assertEquals(1, store.currentNumber().orElseThrow(), "a missing snapshot changes nothing");
        assertEquals(3, store.commit(files(3)), "the next commit numbers after the highest, not the current");
    }

    @Test
    void aFolderNeverProvisionedHasNoSnapshot() throws Exception {
        SnapshotStore store = new SnapshotStore(data);
        assertEquals(List.of(), store.numbers());
        assertTrue(store.currentNumber().isEmpty());
        assertTrue(store.readCurrent("config.json").isEmpty());
    }
}
