package org.yibao.terminal.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.provisioning.selftest.DiskSpaceCheck;

/**
 * The usable space of the file system holding the data folder, against a low-water mark (by
 * default {@link DiskSpaceCheck#DEFAULT_MIN_FREE}, the mark {@code terminal selftest} fails below),
 * so that a filling flash is seen before SQLite refuses a settlement (1018). The space is read at
 * most once per {@code every} on the injected clock, whoever asks; a crossing below the mark is
 * logged once at WARN and the way back once at INFO. It only warns: nothing is refused because of it.
 */
public final class StorageWatch {
    private static final Logger LOG = LoggerFactory.getLogger(StorageWatch.class);
    /** How often the running service reads the free space. */
    public static final Duration EVERY = Duration.ofMinutes(1);
    private static final long MB = 1024L * 1024;

    /** The free bytes read at one moment, and the mark they were compared with. */
    public record Reading(long freeBytes, long markBytes) {
        /** Below the low-water mark. */
        public boolean low() {
            return freeBytes < markBytes;
        }

        /** For the cashier (9001's warn_msg) while low, else empty. */
        public Optional<String> cashierNotice() {
            return low() ? Optional.of("终端存储空间不足（剩余 " + freeBytes / MB + " MB），请联系技术人员清理") : Optional.empty();
        }
    }

    private final Path folder;
    private final long markBytes;
    private final Duration every;
    private final Clock clock;
    /** Guarded by {@code this}: the last reading (empty before one succeeded), when it was taken, whether the last try failed. */
    private Optional<Reading> last = Optional.empty();
    private Instant readAt;
    private boolean unreadable;

    public StorageWatch(Path folder, long markBytes, Duration every, Clock clock) {
        this.folder = Objects.requireNonNull(folder, "folder").toAbsolutePath();
        this.markBytes = markBytes;
        this.every = Objects.requireNonNull(every, "every");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The watch of the running service: {@code dataDir} against the self-test's mark, read once a minute. */
    public static StorageWatch of(Path dataDir, Clock clock) {
        return new StorageWatch(dataDir, DiskSpaceCheck.DEFAULT_MIN_FREE, EVERY, clock);
    }

    /**
     * The latest reading, read again when the last is {@code every} old or the clock was set back
     * before it (a clock that ran ahead and was corrected must not stop the watch); empty while the
     * space cannot be read.
     */
    public synchronized Optional<Reading> reading() {
        Instant now = clock.instant();
        if (readAt == null || now.isBefore(readAt) || !now.isBefore(readAt.plus(every))) { // a clock set back reads at once
            readAt = now;
            read();
        }
        return last;
    }

    /** The cashier's notice while the disk is low ("" otherwise), for 9001's warn_msg. */
    public String cashierNotice() {
        return reading().flatMap(Reading::cashierNotice).orElse("");
    }

    private void read() {
        try {
            Path existing = DiskSpaceCheck.nearestExisting(folder).orElseThrow(() -> new IOException("no existing folder above " + folder));
            Reading now = new Reading(Files.getFileStore(existing).getUsableSpace(), markBytes);
            logCrossing(last, now);
            last = Optional.of(now);
            unreadable = false;
        } catch (IOException e) {
            if (!unreadable) LOG.warn("storage: free space of {} cannot be read: {}", folder, e.toString());
            unreadable = true;
            last = Optional.empty();
        }
    }

    private void logCrossing(Optional<Reading> before, Reading now) {
        boolean wasLow = before.map(Reading::low).orElse(false);
        if (now.low() && !wasLow) {
            LOG.warn("storage: {} MB free on the file system of {}, below the low-water mark of {} MB;"
                    + " settlements are refused (1018) once it is full", now.freeBytes() / MB, folder, markBytes / MB);
        } else if (!now.low() && wasLow) {
            LOG.info("storage: {} MB free on the file system of {} again, above the low-water mark of {} MB",
                    now.freeBytes() / MB, folder, markBytes / MB);
        }
    }
}
