package org.yibao.terminal.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OS lock on a file of its own, held by this process until {@link #close} and let go by the
 * system when the process ends (kill -9 included). A file beside what it guards, never a database
 * itself: closing any channel on a file ends every POSIX lock the process holds on it, SQLite's
 * included. For that reason a file this process holds is never opened again by this class: the
 * locks held are known by real path, and a second taker or a look is answered from them (a
 * second channel opened and closed on it would have let the lock go for every other process).
 */
public final class LockFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LockFile.class);

    /** The real paths of the lock files this process holds. */
    private static final Set<Path> HELD = new HashSet<>();

    private final FileChannel channel;
    private final Path held;

    private LockFile(FileChannel channel, Path held) {
        this.channel = channel;
        this.held = held;
    }

    /** What trying to take the lock came to. */
    public sealed interface Taken permits Held, HeldElsewhere, Unwritable, Unlockable {
    }

    /** This process holds it until {@link LockFile#close}. */
    public record Held(LockFile lock) implements Taken {
    }

    /** Another process holds it, or another part of this one. */
    public record HeldElsewhere() implements Taken {
    }

    /** The lock file cannot be created or opened for writing (a read-only folder, say): no lock. */
    public record Unwritable(IOException cause) implements Taken {
    }

    /** The file opened but the file system refused the lock (one without locks): no lock. */
    public record Unlockable(IOException cause) implements Taken {
    }

    /** Tries to take the lock of {@code file} (created when missing) without waiting. */
    public static synchronized Taken take(Path file) {
        if (heldHere(file)) return new HeldElsewhere();
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            return new Unwritable(e);
        }
        try {
            if (channel.tryLock() != null) {
                Path real = file.toRealPath();
                HELD.add(real);
                return new Held(new LockFile(channel, real));
            }
            close(channel);
            return new HeldElsewhere();
        } catch (OverlappingFileLockException heldInThisProcess) {
            close(channel);
            return new HeldElsewhere();
        } catch (IOException e) {
            close(channel);
            return new Unlockable(e);
        }
    }

    /**
     * Whether another process (or another part of this one) holds the lock of {@code file} now.
     * Only looks: a lock taken is let go at once; false without the file, or one that cannot be opened.
     */
    public static synchronized boolean heldElsewhere(Path file) {
        if (!Files.isRegularFile(file)) return false;
        if (heldHere(file)) return true;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) return true;
            lock.release();
            return false;
        } catch (OverlappingFileLockException heldInThisProcess) {
            return true;
        } catch (IOException e) {
            LOG.debug("lock file {}: {}", file, e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        synchronized (LockFile.class) {
            close(channel);
            HELD.remove(held);
        }
    }

    private static boolean heldHere(Path file) {
        try {
            return HELD.contains(file.toRealPath());
        } catch (IOException noFileYet) {
            return false;
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("lock file: {}", e.getMessage());
        }
    }
}
