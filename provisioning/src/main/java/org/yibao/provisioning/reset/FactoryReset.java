package org.yibao.provisioning.reset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yibao.provisioning.snapshot.AtomicFiles;
import org.yibao.provisioning.store.SqliteReason;

/**
 * Factory reset of one data directory. Promises, in order:
 * <ol>
 * <li>no quarantined database ({@code *.corrupt-…}) may lie in the directory: the claims it may
 *     hold can be neither counted nor exported ({@link ResetReason#DATABASE_UNREADABLE}, naming it);</li>
 * <li>the directory (with links resolved: the reset works where it really is) must hold
 *     {@code terminal.db} (so a wrong path never empties a random folder); an export file must
 *     not really lie inside it (links resolved, {@link ResetReason#EXPORT_INSIDE_DATA_DIR});</li>
 * <li>the database is locked ({@code BEGIN EXCLUSIVE}) and the outbox rows it must keep read:
 *     those the centre has not acknowledged, and those it refused (REJECTED: settlements the
 *     device made and the centre did not accept, which the pharmacy still has to settle with the
 *     centre; the outbox never purges them, so the device's copy is the one left); if any exist
 *     and no export file is given, it refuses ({@link ResetReason#UNACKED_CLAIMS} while any is
 *     unacknowledged, else {@link ResetReason#REJECTED_CLAIMS}); an export file that already
 *     exists is never replaced ({@link ResetReason#EXPORT_EXISTS}): it may be the only copy of
 *     another terminal's claims;</li>
 * <li>without confirmation it refuses ({@link ResetReason#NOT_CONFIRMED}) naming what would go;</li>
 * <li>with an export file, the rows are written, fsynced, read back and compared before anything is removed;</li>
 * <li>then the extra files named (an outside configuration file) are removed, the marker
 *     {@value #IN_PROGRESS} is written (fsynced), and every entry inside the directory but the database (keys,
 *     configuration snapshots, person cache, logs kept there), then the database, then its
 *     -wal/-shm, and last the marker are removed. Symbolic links are removed, never followed.</li>
 * </ol>
 * Any refusal removes nothing. Nothing is recreated: the next start begins from an empty directory.
 * <p>
 * A reset cut short (power pulled, killed) never leaves the device's identity (its key, the
 * configuration in force, a run file) without the database that numbers its claims: a start on
 * those with a new, empty database would number claims from {@code <device>-1} again, ids the
 * centre already holds and would answer as duplicates. And it can be run again to its end: the
 * marker makes the folder a data folder even once {@code terminal.db} is gone (while the database
 * is still there, it is checked again as on a first run).
 */
public final class FactoryReset {

    /** The database file the directory must hold. */
    public static final String DATABASE = "terminal.db";

    /** The rows a reset keeps: every one the centre has not acknowledged, and every claim it refused (a control message refused is not kept). */
    private static final String KEPT = "state IN ('PENDING','SENT','NEEDS_ATTENTION') OR (state = 'REJECTED' AND lane = 'MESSAGES')";

    /** Written before the first removal and removed last: the folder is a data folder being reset. */
    public static final String IN_PROGRESS = ".factory-reset-in-progress";

    /** The database's files, removed after everything else, the main file first (SQLite drops a -wal left beside an empty file). */
    private static final List<String> DATABASE_FILES = List.of(DATABASE, DATABASE + "-wal", DATABASE + "-shm", DATABASE + "-journal");

    /** A quarantined database file's name: {@code <name>.corrupt-<digits>} and anything after. */
    private static final Pattern QUARANTINED = Pattern.compile(".+\\.corrupt-\\d.*");

    private FactoryReset() {
    }

    /** Runs the reset as the class describes. */
    public static ResetOutcome run(Path dataDir, List<Path> alsoRemove, Optional<Path> exportFile, boolean confirmed) throws IOException {
        Optional<Path> real = realDirectory(dataDir);
        if (real.isEmpty()) {
            return new ResetOutcome.Refused(ResetReason.NOT_A_DATA_DIR, dataDir.toAbsolutePath().normalize().toString());
        }
        Path dir = real.get();
        Path db = dir.resolve(DATABASE);
        boolean hasDatabase = Files.isRegularFile(db, LinkOption.NOFOLLOW_LINKS);
        boolean resuming = Files.isRegularFile(dir.resolve(IN_PROGRESS), LinkOption.NOFOLLOW_LINKS);
        List<Path> quarantined = quarantinedDatabases(dir, hasDatabase || resuming);
        if (!quarantined.isEmpty()) {
            return new ResetOutcome.Refused(ResetReason.DATABASE_UNREADABLE, "数据目录中有被隔离的数据库 "
                    + String.join("、", quarantined.stream().map(Path::toString).toList())
                    + "，其中未上传的数据无法统计或导出；请先修复或恢复该数据库（或将其移出数据目录另行保存），再恢复出厂设置");
        }
        if (!hasDatabase && !resuming) {
            return new ResetOutcome.Refused(ResetReason.NOT_A_DATA_DIR, dir.toString());
        }
        if (exportFile.isPresent() && realTarget(exportFile.get()).startsWith(dir)) {
            return new ResetOutcome.Refused(ResetReason.EXPORT_INSIDE_DATA_DIR, exportFile.get() + "（实际位置 " + realTarget(exportFile.get()) + "）");
        }
        if (!hasDatabase) return finishCutShortReset(dir, alsoRemove, confirmed);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                s.execute("BEGIN EXCLUSIVE");
            }
            List<KeptClaim> kept = kept(c);
            Optional<ResetOutcome> refusal = refusal(dir, alsoRemove, kept, exportFile, confirmed);
            if (refusal.isPresent()) return refusal.get();
            Optional<ResetOutcome> notExported = kept.isEmpty() ? Optional.empty() : export(kept, exportFile.orElseThrow());
            if (notExported.isPresent()) return notExported.get();
            List<String> removed = removeAll(dir, alsoRemove);
            return new ResetOutcome.Done(removed, kept.size());
        } catch (SQLException e) {
            return new ResetOutcome.Refused(ResetReason.DATABASE_UNREADABLE, SqliteReason.of(e));
        }
    }

    /**
     * Writes and verifies the export; the refusal when what was read back differs, or when a file
     * of its name appeared since the check (it is never replaced).
     */
    private static Optional<ResetOutcome> export(List<KeptClaim> kept, Path file) throws IOException {
        try {
            return ClaimExport.writeVerified(kept, file) ? Optional.empty()
                    : Optional.of(new ResetOutcome.Refused(ResetReason.EXPORT_FAILED, file + " 读回内容与数据库不一致"));
        } catch (FileAlreadyExistsException e) {
            return Optional.of(new ResetOutcome.Refused(ResetReason.EXPORT_EXISTS, file.toString()));
        }
    }

    /** The rest of a reset that was cut short after its database was removed: its claims were dealt with then. */
    private static ResetOutcome finishCutShortReset(Path dir, List<Path> alsoRemove, boolean confirmed) throws IOException {
        Optional<ResetOutcome> refusal = refusal(dir, alsoRemove, List.of(), Optional.empty(), confirmed);
        return refusal.isPresent() ? refusal.get() : new ResetOutcome.Done(removeAll(dir, alsoRemove), 0);
    }

    /**
     * {@code dataDir} with every symbolic link resolved, or empty when it is not an existing
     * folder: a reset works on the folder itself, so a data dir given through a link is emptied
     * where it really is (a walk never follows the link) and the export check compares real paths.
     */
    private static Optional<Path> realDirectory(Path dataDir) {
        try {
            Path real = dataDir.toRealPath();
            return Files.isDirectory(real) ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Where {@code file} would really be written: the real path of its nearest existing folder
     * (links resolved, as the system resolves them when writing) with the rest of the path, which
     * does not exist yet and so holds no link, appended. The file itself is not followed: the
     * export replaces a link standing at that name, it does not write through it.
     */
    static Path realTarget(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path folder = absolute.getParent();
        Path rest = absolute.getFileName();
        while (folder != null && !Files.exists(folder)) {
            rest = folder.getFileName().resolve(rest);
            folder = folder.getParent();
        }
        return folder == null ? absolute.normalize() : folder.toRealPath().resolve(rest).normalize();
    }

    /**
     * The quarantined databases in {@code dir} (files named {@code <name>.corrupt-<digits>…}, as
     * the database layer and the voucher replay store rename a corrupt file, companions
     * included), sorted; the whole tree when {@code whole} (links not followed), else only the
     * folder's own entries (a folder without {@code terminal.db} may be any folder).
     */
    static List<Path> quarantinedDatabases(Path dir, boolean whole) throws IOException {
        try (Stream<Path> entries = whole ? Files.walk(dir) : Files.list(dir)) {
            return entries.filter(p -> QUARANTINED.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    /**
     * The entries a reset of {@code dataDir} would remove, for the help and the refusal. The
     * database's {@code -wal}, {@code -shm} and {@code -journal} go with it and are not listed apart:
     * the reset's own look at the database makes the first two while it looks.
     */
    public static List<String> plan(Path dataDir, List<Path> alsoRemove) throws IOException {
        List<String> out = new ArrayList<>();
        boolean database = Files.exists(dataDir.resolve(DATABASE), LinkOption.NOFOLLOW_LINKS);
        try (Stream<Path> entries = Files.list(dataDir)) {
            entries.filter(p -> !(database && companion(p))).sorted().forEach(p -> out.add(p.toString()));
        }
        alsoRemove.stream().filter(Files::exists).forEach(p -> out.add(p.toString()));
        return out;
    }

    private static boolean companion(Path p) {
        String name = p.getFileName().toString();
        return !name.equals(DATABASE) && DATABASE_FILES.contains(name);
    }

    private static Optional<ResetOutcome> refusal(Path dir, List<Path> alsoRemove, List<KeptClaim> kept,
                                                  Optional<Path> exportFile, boolean confirmed) throws IOException {
        long rejected = kept.stream().filter(KeptClaim::rejected).count();
        long unacked = kept.size() - rejected;
        String counts = counts(unacked, rejected);
        if (!kept.isEmpty() && exportFile.isEmpty()) {
            return Optional.of(new ResetOutcome.Refused(unacked > 0 ? ResetReason.UNACKED_CLAIMS : ResetReason.REJECTED_CLAIMS, counts));
        }
        if (!kept.isEmpty() && Files.exists(exportFile.orElseThrow(), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(new ResetOutcome.Refused(ResetReason.EXPORT_EXISTS, exportFile.get().toString()));
        }
        if (!confirmed) {
            return Optional.of(new ResetOutcome.Refused(ResetReason.NOT_CONFIRMED,
                    "将删除: " + String.join(", ", plan(dir, alsoRemove)) + "；" + (kept.isEmpty() ? "未确认数据 0 条" : "将导出 " + counts)));
        }
        return Optional.empty();
    }

    /** "N 条未确认" and/or "M 条被中心拒绝", for the technician. */
    private static String counts(long unacked, long rejected) {
        List<String> parts = new ArrayList<>();
        if (unacked > 0 || rejected == 0) parts.add(unacked + " 条未确认");
        if (rejected > 0) parts.add(rejected + " 条被中心拒绝");
        return String.join("，", parts);
    }

    private static List<KeptClaim> kept(Connection c) throws SQLException {
        List<KeptClaim> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet t = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type='table' AND name='outbox_message'")) {
            if (!t.next()) return out;
        }
        try (PreparedStatement q = c.prepareStatement("SELECT id, lane, message_class, type, order_key, state, created_at, payload,"
                + " result_code, result_reason FROM outbox_message WHERE " + KEPT + " ORDER BY seq");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(new KeptClaim(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getLong(7), rs.getBytes(8), rs.getString(9), rs.getString(10)));
            }
        }
        return out;
    }

    /** Removes in the order the class describes; answers what was there to remove. */
    private static List<String> removeAll(Path dir, List<Path> alsoRemove) throws IOException {
        List<String> removed = new ArrayList<>(plan(dir, alsoRemove));
        // the outside file first: one that cannot be removed refuses the reset before the marker makes it one in progress
        for (Path extra : alsoRemove) Files.deleteIfExists(extra);
        Path marker = dir.resolve(IN_PROGRESS);
        AtomicFiles.write(marker, "factory-reset\n".getBytes(StandardCharsets.UTF_8), false);
        List<Path> last = new ArrayList<>(DATABASE_FILES.stream().map(dir::resolve).toList());
        last.add(marker);
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir) && !last.contains(p)) Files.delete(p);
            }
        }
        AtomicFiles.syncDirectory(dir);
        for (Path p : last) {
            if (p.equals(marker)) AtomicFiles.syncDirectory(dir);
            Files.deleteIfExists(p);
        }
        AtomicFiles.syncDirectory(dir);
        return removed;
    }
}
