package org.yibao.provisioning.diagnostics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The newest whole lines of a log file, at most a budget of bytes, read from its end: only the
 * tail is ever in memory, so a log far larger than the device's heap (a DEBUG log, a file left in
 * the log folder) is exported as its tail, not read whole first.
 *
 * @param kept  the bytes kept: the newest whole lines
 * @param total the file's size when it was read
 */
record LogTail(byte[] kept, long total) {

    /** The newest whole lines of {@code file}, at most {@code budget} bytes. */
    static LogTail read(Path file, int budget) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long total = channel.size();
            long from = Math.max(0, total - budget);
            long readFrom = Math.max(0, from - 1); // the byte before says whether the window starts a line
            byte[] window = readFully(channel, readFrom, (int) (total - readFrom));
            return new LogTail(wholeLines(window, (int) (from - readFrom), from > 0), total);
        }
    }

    /** {@code window} from {@code start}, moved on to the first whole line when the window was cut. */
    private static byte[] wholeLines(byte[] window, int start, boolean cut) {
        int from = Math.min(start, window.length); // a file cut short while read (rotated) gives less than asked
        if (cut && from > 0) {
            while (from < window.length && window[from - 1] != '\n') from++;
        }
        return Arrays.copyOfRange(window, from, window.length);
    }

    private static byte[] readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) break; // cut short while read: what is there
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }
}
