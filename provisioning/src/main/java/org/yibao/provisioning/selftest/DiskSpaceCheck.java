package org.yibao.provisioning.selftest;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Free space on the file system holding {@code dir} is at least {@code minFreeBytes}, and
 * {@code dir}, when it exists, takes a new file: a data folder that has become read-only (a file
 * system remounted read-only after errors, a permission changed) fails here, before a cashier's
 * first settlement finds it; the probe file is removed at once.
 */
public record DiskSpaceCheck(Path dir, long minFreeBytes) implements Check {

    /** 200 MiB: room for a long offline backlog and log rotation. */
    public static final long DEFAULT_MIN_FREE = 200L * 1024 * 1024;

    @Override public String name() {
        return "disk";
    }

    @Override public CheckResult run() {
        try {
            Optional<Path> nearest = nearestExisting(dir);
            if (nearest.isEmpty()) return fail("数据目录不存在: " + dir);
            Path existing = nearest.get();
            long free = Files.getFileStore(existing).getUsableSpace();
            String figures = mib(free) + " MiB 可用, 至少需要 " + mib(minFreeBytes) + " MiB";
            if (free < minFreeBytes) return fail("磁盘空间不足: " + figures);
            Optional<String> unwritable = existing.equals(dir.toAbsolutePath()) ? unwritable(existing) : Optional.empty();
            return unwritable.isPresent() ? fail("数据目录不可写（只读或没有权限）: " + dir + "：" + unwritable.get() + "; " + figures)
                    : pass(figures);
        } catch (IOException e) {
            return fail("无法读取磁盘空间: " + e.getMessage());
        }
    }

    /** {@code dir} when it exists, else its nearest existing parent: the file system that holds (or will hold) it. */
    public static Optional<Path> nearestExisting(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        return Optional.ofNullable(existing);
    }

    /** Why no file can be created in {@code folder}, or empty when one could (and was removed). */
    private static Optional<String> unwritable(Path folder) {
        Path probe = null;
        try {
            probe = Files.createTempFile(folder, ".selftest-", ".probe");
            return Optional.empty();
        } catch (AccessDeniedException e) {
            return Optional.of("没有权限");
        } catch (FileSystemException e) {
            return Optional.of("Read-only file system".equals(e.getReason()) ? "文件系统只读"
                    : "Operation not permitted".equals(e.getReason()) ? "没有权限" : "无法新建文件");
        } catch (IOException e) {
            return Optional.of("无法新建文件");
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // the folder took the file, so it is writable; a leftover probe is harmless
                }
            }
        }
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
