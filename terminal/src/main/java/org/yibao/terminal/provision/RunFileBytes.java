package org.yibao.terminal.provision;

import java.io.IOException;
import java.nio.file.Path;
import org.yibao.terminal.store.BoundedFile;

/** A run file's bytes: a regular file of at most {@link #MAX_BYTES} ({@link BoundedFile}). */
public final class RunFileBytes {
    /** Far above any run file (a few hundred bytes), far below the device's 64 MiB heap. */
    public static final long MAX_BYTES = 1024 * 1024;

    private RunFileBytes() {
    }

    public static byte[] read(Path file) throws IOException {
        return BoundedFile.read(file, MAX_BYTES);
    }
}
