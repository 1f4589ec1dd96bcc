package org.yibao.terminal.store;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file a technician names (a run file, a policy) read whole only when it is a regular file
 * within a bound: {@code /dev/zero} or a file larger than the device's heap ended in an
 * OutOfMemoryError, and a named pipe blocked the command for good. Those are a {@link Refused}
 * saying why in Chinese (a folder is the JDK's "Is a directory"), which commands refuse as 1967
 * naming the file, and the policy loader as 1201.
 */
public final class BoundedFile {
    private BoundedFile() {
    }

    /** Why a file was not read, in Chinese. */
    public static final class Refused extends FileSystemException {
        private static final long serialVersionUID = 1L;

        Refused(Path file, String reason) {
            super(file.toString(), null, reason);
        }
    }

    public static byte[] read(Path file, long maxBytes) throws IOException {
        if (Files.isDirectory(file)) throw new FileSystemException(file.toString(), null, "Is a directory");
        if (Files.exists(file) && !Files.isRegularFile(file)) throw new Refused(file, "不是普通文件（设备、管道等不能作为配置读取）");
        long size = Files.exists(file) ? Files.size(file) : 0;
        if (size > maxBytes) throw new Refused(file, "文件过大（" + size + " 字节，上限 " + maxBytes / (1024 * 1024) + " MiB）");
        return Files.readAllBytes(file);
    }
}
