package org.yibao.drivers.printer.internal;

import java.io.IOException;

/**
 * One connection to a printer, opened for one operation. {@link #close()} may be called from
 * another thread to abort a blocked open, write or read.
 */
public interface PrinterLink extends AutoCloseable {

    /** Connects; throws {@link LinkUnavailableException} when the printer cannot be reached. */
    void open() throws IOException;

    /** Writes all bytes or throws. */
    void write(byte[] bytes) throws IOException;

    /** Reads one byte, or returns -1 when none arrived within the link's read timeout. */
    int readByte() throws IOException;

    /** Closes quietly; safe to call twice and from another thread. */
    @Override
    void close();
}
