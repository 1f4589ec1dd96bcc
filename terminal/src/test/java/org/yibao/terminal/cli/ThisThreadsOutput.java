package org.yibao.terminal.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A stream for {@code System.out} or {@code System.err} that keeps what the thread that made it
 * writes, and passes on whatever other threads write (a log line from a service an earlier test
 * class left closing, in the same test JVM) to the stream it replaced: a command run in this
 * thread is judged on its own output only.
 */
final class ThisThreadsOutput extends OutputStream {
    private final Thread owner = Thread.currentThread();
    private final ByteArrayOutputStream mine = new ByteArrayOutputStream();
    private final PrintStream others;

    private ThisThreadsOutput(PrintStream others) {
        this.others = others;
    }

    /** A print stream that captures this thread's writes and passes the others on to {@code replaced}. */
    static ThisThreadsOutput replacing(PrintStream replaced) {
        return new ThisThreadsOutput(replaced);
    }

    PrintStream stream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    String text() {
        synchronized (mine) {
            return mine.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void write(int b) {
        if (Thread.currentThread() != owner) {
            others.write(b);
            return;
        }
        synchronized (mine) {
            mine.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (Thread.currentThread() != owner) {
            others.write(b, off, len);
            return;
        }
        synchronized (mine) {
            mine.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        if (Thread.currentThread() != owner) others.flush();
    }
}
