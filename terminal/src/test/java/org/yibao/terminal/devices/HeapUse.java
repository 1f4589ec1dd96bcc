package org.yibao.terminal.devices;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** The heap a test's JVM holds: what a leak test compares before and after. */
public final class HeapUse {
    private HeapUse() {
    }

    /** The least heap in use over five collections 50 ms apart (one collection may leave garbage behind). */
    public static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
