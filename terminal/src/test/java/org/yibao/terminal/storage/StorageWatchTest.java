package org.yibao.terminal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.yibao.provisioning.selftest.DiskSpaceCheck;
import org.yibao.terminal.operator.HandClock;
import org.yibao.terminal.operator.OperatorFixtures;

/**
 * The storage watch on a real folder of this machine: a mark above its actual free space reads
 * low, one far below reads fine; a real file filling the disk past the mark is a crossing (one
 * WARN, read only once the watch's period has passed on the hand clock, or at once when that
 * clock is set back), and removing it a recovery (one INFO).
 */
class StorageWatchTest {
    private static final long MB = 1024L * 1024;
    /** The file that takes the disk below the mark; the mark sits half-way, so other writers on the machine move nothing. */
    private static final long FILL = 512 * MB;

    @TempDir Path dir;
    private final HandClock clock = new HandClock(OperatorFixtures.START);
    private final Logger log = (Logger) LoggerFactory.getLogger(StorageWatch.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach void listen() {
        lines.start();
        log.setLevel(Level.INFO); // the recovery's line is INFO; the tests' root level is WARN
        log.addAppender(lines);
    }

    @AfterEach void stopListening() {
        log.detachAppender(lines);
        log.setLevel(null);
    }

    @Test void aMarkAboveTheFreeSpaceReadsLowAndOneFarBelowReadsFine() throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        StorageWatch.Reading low = new StorageWatch(dir, free + (1L << 40), StorageWatch.EVERY, clock).reading().orElseThrow();
        assertTrue(low.low(), low.toString());
        assertTrue(low.freeBytes() > 0, low.toString());
        assertTrue(low.cashierNotice().orElseThrow().matches("终端存储空间不足（剩余 \\d+ MB），请联系技术人员清理"), low.toString());

        StorageWatch fine = new StorageWatch(dir, 1, StorageWatch.EVERY, clock);
        assertFalse(fine.reading().orElseThrow().low());
        assertEquals("", fine.cashierNotice());
        assertEquals(List.of(Level.WARN), levels(), "only the low one warned: " + lines.list);
    }

    @Test void aFolderNotYetMadeIsReadOnTheFileSystemThatWillHoldIt() {
        StorageWatch watch = new StorageWatch(dir.resolve("data/later"), DiskSpaceCheck.DEFAULT_MIN_FREE, StorageWatch.EVERY, clock);
        assertTrue(watch.reading().orElseThrow().freeBytes() > 0);
    }

    @Test void fillingPastTheMarkWarnsOnceAndEmptyingItInformsOnce() throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        assumeTrue(free > 4 * FILL, "this machine has no room to fill " + FILL + " bytes");
        StorageWatch watch = new StorageWatch(dir, free - FILL / 2, Duration.ofMinutes(1), clock);
        assertFalse(watch.reading().orElseThrow().low());

        Path filler = fill(dir.resolve("filler.bin"), FILL);
        assertFalse(watch.reading().orElseThrow().low(), "not read again within the minute");
        clock.advance(Duration.ofHours(-1));
        assertTrue(watch.reading().orElseThrow().low(), "a clock set back is read again at once: below the mark");
        clock.advance(Duration.ofMinutes(1));
        assertTrue(watch.reading().orElseThrow().low(), "read again after the minute: still below the mark");
        clock.advance(Duration.ofMinutes(5));
        assertTrue(watch.reading().orElseThrow().low());
        assertEquals(List.of(Level.WARN), levels(), "one WARN at the crossing, not at every reading: " + lines.list);
        String warn = lines.list.getFirst().getFormattedMessage();
        assertTrue(warn.contains(dir.toAbsolutePath().toString()) && warn.contains((free - FILL / 2) / MB + " MB"), warn);

        Files.delete(filler);
        clock.advance(Duration.ofMinutes(1));
        assertFalse(watch.reading().orElseThrow().low(), "room again");
        clock.advance(Duration.ofMinutes(1));
        watch.reading();
        assertEquals(List.of(Level.WARN, Level.INFO), levels(), lines.list.toString());
    }

    private List<Level> levels() {
        return lines.list.stream().map(ILoggingEvent::getLevel).toList();
    }

    /** {@code bytes} of real blocks on the disk (written and forced, not a sparse file). */
    private static Path fill(Path file, long bytes) throws IOException {
        byte[] pattern = new byte[(int) (4 * MB)];
        java.util.Arrays.fill(pattern, (byte) 0x5A); // not zeros, which a compressing file system would not store
        ByteBuffer block = ByteBuffer.wrap(pattern);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < bytes; written += block.capacity()) {
                block.clear();
                while (block.hasRemaining()) out.write(block);
            }
            out.force(true);
        }
        return file;
    }
}
