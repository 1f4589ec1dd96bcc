package org.yibao.bench.voucher;

import org.yibao.terminal.identity.trust.KeyAlg;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Whole-process harness for the ratio full verification / bare signature on a shared, busy
 * machine: the two run in alternating batches in one thread and each is charged its thread
 * CPU time, so other processes' load hits both alike. Prints verifications per CPU-second
 * and the ratio for SM2 and ES256.
 *
 * <pre>
 * java -cp 'benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' \
 *     org.yibao.bench.voucher.VoucherRatioHarness [rounds, default 60]
 * </pre>
 */
public final class VoucherRatioHarness {
    private static final int BATCH = 200;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private VoucherRatioHarness() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        for (KeyAlg alg : KeyAlg.values()) {
            VoucherBenchFixture fixture = new VoucherBenchFixture(alg);
            long[] warm = measure(fixture, rounds / 4 + 1);
            long[] cpu = measure(fixture, rounds);
            double ops = (double) rounds * BATCH;
            double bare = ops / (cpu[0] / 1e9);
            double full = ops / (cpu[1] / 1e9);
            System.out.printf("%-5s bare %8.1f /cpu-s   full %8.1f /cpu-s   ratio %.3f   (warm-up ratio %.3f)%n",
                    alg, bare, full, full / bare, (double) warm[0] / warm[1]);
        }
    }

    /** Thread CPU nanoseconds spent in {bare, full} over {@code rounds} alternating batches. */
    private static long[] measure(VoucherBenchFixture fixture, int rounds) {
        long bareNs = 0;
        long fullNs = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < BATCH; i++) {
                fixture.bare();
            }
            long t1 = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < BATCH; i++) {
                fixture.full();
            }
            long t2 = CPU.getCurrentThreadCpuTime();
            bareNs += t1 - t0;
            fullNs += t2 - t1;
        }
        return new long[] {bareNs, fullNs};
    }
}
