package org.yibao.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a {@code kB} field (VmRSS, VmHWM, Threads) of {@code /proc/PID/status}. */
final class ProcStatus {
    private ProcStatus() {
    }

    /** utime + stime of {@code /proc/PID/stat} in milliseconds (USER_HZ 100), or -1 when the process is gone. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** The value of {@code field} (the number before " kB"), or -1 when the process is gone. */
    static long kb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }
}
