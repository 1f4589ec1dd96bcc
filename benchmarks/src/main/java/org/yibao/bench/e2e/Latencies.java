package org.yibao.bench.e2e;

import java.util.Arrays;

/** Latencies in nanoseconds, collected by one thread; merged and sorted for percentiles. */
public final class Latencies {
    private long[] values = new long[4096];
    private int size;

    public void add(long nanos) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = nanos;
    }

    public int size() {
        return size;
    }

    /** All of {@code parts} in one sorted array. */
    public static long[] sorted(Iterable<Latencies> parts) {
        int total = 0;
        for (Latencies p : parts) total += p.size;
        long[] all = new long[total];
        int at = 0;
        for (Latencies p : parts) {
            System.arraycopy(p.values, 0, all, at, p.size);
            at += p.size;
        }
        Arrays.sort(all);
        return all;
    }

    /** The {@code q} quantile (0..1) of {@code sorted} in milliseconds (nearest rank); NaN when empty. */
    public static double millis(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }
}
