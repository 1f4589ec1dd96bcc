package org.yibao.provisioning.selftest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free space on the file system holding {@code dir} is at least {@code minFreeBytes}. */
public record DiskSpaceCheck(Path dir, long minFreeBytes) implements Check {

    /** 200 MiB: room for a long offline backlog and log rotation. */
    public static final long DEFAULT_MIN_FREE = 200L * 1024 * 1024;

    @Override public String name() {
        return "disk";
    }

    @Override public CheckResult run() {
        try {
            Path existing = dir.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            if (existing == null) return fail("数据目录不存在: " + dir);
            long free = Files.getFileStore(existing).getUsableSpace();
            String figures = mib(free) + " MiB 可用, 至少需要 " + mib(minFreeBytes) + " MiB";
            return free >= minFreeBytes ? pass(figures) : fail("磁盘空间不足: " + figures);
        } catch (IOException e) {
            return fail("无法读取磁盘空间: " + e.getMessage());
        }
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
