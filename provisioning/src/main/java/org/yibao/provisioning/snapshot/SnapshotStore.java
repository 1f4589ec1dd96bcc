package org.yibao.provisioning.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Numbered configuration snapshots in {@code <data>/snapshots/NNNN/} and the symbolic link
 * {@code <data>/current} naming the one in force. A snapshot is written completely (each file
 * fsynced, the folder renamed into place) before {@code current} is switched by renaming a new
 * link over it, so a power cut leaves either the old or the new configuration in force, never a
 * mix. The last {@value #KEEP} snapshots are kept (the current one always); an older one is
 * first renamed out of the numbered names ({@code .pruned-NNNN}) and only then removed, so a
 * removal cut short (power, kill, a file that cannot be removed) never leaves a numbered,
 * incomplete snapshot that {@code provision rollback} would switch to; the next commit removes
 * what such a removal left.
 */
public final class SnapshotStore {
    /** How many snapshots are kept. */
    public static final int KEEP = 10;
    private final Path dataDir;

    public SnapshotStore(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath();
    }

    private Path snapshots() {
        return dataDir.resolve("snapshots");
    }

    private Path current() {
        return dataDir.resolve("current");
    }

    /** The folder of snapshot {@code n}. */
    public Path folder(int n) {
        return snapshots().resolve("%04d".formatted(n));
    }

    /** The snapshot numbers present, ascending. */
    public List<Integer> numbers() throws IOException {
        if (!Files.isDirectory(snapshots())) return List.of();
        try (Stream<Path> s = Files.list(snapshots())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]{4,}"))
                    .map(Integer::parseInt).sorted().toList();
        }
    }

    /** The snapshot in force, if any. */
    public OptionalInt currentNumber() throws IOException {
        if (!Files.isSymbolicLink(current())) return OptionalInt.empty();
        String target = Files.readSymbolicLink(current()).getFileName().toString();
        return target.matches("[0-9]{4,}") ? OptionalInt.of(Integer.parseInt(target)) : OptionalInt.empty();
    }

    /** A file of the current snapshot, if provisioned and present. */
    public Optional<byte[]> readCurrent(String file) throws IOException {
        OptionalInt n = currentNumber();
        if (n.isEmpty()) return Optional.empty();
        Path p = folder(n.getAsInt()).resolve(file);
        return Files.exists(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
    }

    /**
     * Writes {@code files} (name to bytes) as snapshot max+1, makes it current, prunes to
     * {@value #KEEP}, and answers its number.
     */
    public int commit(Map<String, byte[]> files) throws IOException {
        List<Integer> existing = numbers();
        int n = existing.isEmpty() ? 1 : existing.getLast() + 1;
        Path staging = snapshots().resolve(".staging-" + n);
        deleteTree(staging);
        removePruneLeftovers();
        Files.createDirectories(staging);
        for (var e : files.entrySet()) AtomicFiles.write(staging.resolve(e.getKey()), e.getValue(), true);
        AtomicFiles.syncDirectory(staging);
        Files.move(staging, folder(n), StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.syncDirectory(snapshots());
        switchTo(n);
        prune();
        return n;
    }

    /** Makes existing snapshot {@code n} current; false when there is no such snapshot. */
    public boolean switchTo(int n) throws IOException {
        if (!Files.isDirectory(folder(n), LinkOption.NOFOLLOW_LINKS)) return false;
        Path link = dataDir.resolve(".current.tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, dataDir.relativize(folder(n)));
        Files.move(link, current(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.syncDirectory(dataDir);
        return true;
    }

    private void prune() throws IOException {
        List<Integer> all = new ArrayList<>(numbers());
        int keepFrom = all.size() - KEEP;
        int cur = currentNumber().orElse(-1);
        for (int i = 0; i < keepFrom; i++) {
            if (all.get(i) == cur) continue;
            Path away = snapshots().resolve(".pruned-" + folder(all.get(i)).getFileName());
            deleteTree(away);
            Files.move(folder(all.get(i)), away, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(away);
        }
    }

    /** What a prune cut short left: snapshots renamed away but not yet removed. */
    private void removePruneLeftovers() throws IOException {
        if (!Files.isDirectory(snapshots())) return;
        try (Stream<Path> s = Files.list(snapshots())) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".pruned-")).toList()) deleteTree(p);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** UTF-8 bytes of {@code text}. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
