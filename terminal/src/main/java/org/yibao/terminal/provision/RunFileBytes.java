package org.yibao.terminal.provision;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run file's bytes, read only when it is a regular file of a run file's size: {@code /dev/zero}
 * or a file larger than the device's heap ended in an OutOfMemoryError, and a named pipe blocked
 * the command for good. Those, and a folder, are a {@link FileSystemException} that commands
 * refuse as 1967 naming the file.
 */
public final class RunFileBytes {
    /** Far above any run file (a few hundred bytes), far below the device's 64 MiB heap. */
    public static final long MAX_BYTES = 1024 * 1024;

    private RunFileBytes() {
    }

    public static byte[] read(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new FileSystemException(file.toString(), null, "Is a directory");
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new FileSystemException(file.toString(), null, "不是普通文件（运行配置应为 YAML 或 JSON 文件）");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new FileSystemException(file.toString(), null, "文件过大（" + Files.size(file) + " 字节；运行配置不超过 1 MiB）");
        }
        return Files.readAllBytes(file);
    }
}
