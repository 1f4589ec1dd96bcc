package org.yibao.terminal.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.yibao.provisioning.diagnostics.DiagnosticsBundle;
import org.yibao.provisioning.diagnostics.DiagnosticsExport;

/**
 * The diagnostics zip for the centre, made by {@link DiagnosticsExport} (so every entry is
 * masked exactly as in {@code terminal diagnostics export}) and kept under a size limit: the
 * whole logs first, then only the newest lines of each log file (the budgets of
 * {@link #LOG_BUDGETS}, down to none) until the zip fits; the zip's
 * {@value DiagnosticsExport#TRIMMED_ENTRY} says what was cut. When even the zip without logs is
 * too large, {@link Result.TooLarge} says how large it was.
 */
final class DiagnosticsUpload {
    /** Bytes of each log file tried in turn: 4 MiB, 1 MiB, 256 KiB, 64 KiB, 16 KiB, 4 KiB, none. */
    static final int[] LOG_BUDGETS = {DiagnosticsExport.MAX_LOG_BYTES, 1 << 20, 256 << 10, 64 << 10, 16 << 10, 4 << 10, 0};

    /** What came of it. */
    sealed interface Result permits Result.Zip, Result.TooLarge {
        /** The zip, its entries, and the bytes kept of each log file (the budget it fitted at). */
        record Zip(byte[] bytes, List<String> entries, int logBudget) implements Result {
            boolean trimmed() {
                return entries.contains(DiagnosticsExport.TRIMMED_ENTRY);
            }
        }

        /** Larger than the limit even without logs. */
        record TooLarge(long smallestBytes, int limit) implements Result {
        }
    }

    private final Path workDir;

    /** Zips are written in {@code workDir} and deleted once read. */
    DiagnosticsUpload(Path workDir) {
        this.workDir = workDir;
    }

    /** The zip of {@code bundle} at most {@code limit} bytes long, or why not. */
    Result make(DiagnosticsBundle bundle, int limit) throws IOException {
        Files.createDirectories(workDir);
        Path zip = workDir.resolve("diagnostics-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().threadId() + ".zip");
        try {
            long size = 0;
            for (int budget : LOG_BUDGETS) {
                List<String> entries = DiagnosticsExport.write(bundle, zip, budget);
                size = Files.size(zip);
                if (size <= limit) return new Result.Zip(Files.readAllBytes(zip), entries, budget);
            }
            return new Result.TooLarge(size, limit);
        } finally {
            Files.deleteIfExists(zip);
        }
    }
}
