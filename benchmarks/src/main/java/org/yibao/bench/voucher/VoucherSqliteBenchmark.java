package org.yibao.bench.voucher;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.yibao.terminal.identity.trust.KeyAlg;
import org.yibao.terminal.identity.voucher.VoucherOutcome;
import org.yibao.terminal.identity.voucher.Ybec1Verifier;
import org.yibao.terminal.identity.voucher.sqlite.SqliteReplayStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * JMH: what restart safety costs. The whole verifier over the real {@link SqliteReplayStore}
 * (WAL, synchronous=FULL: one fsync per accepted voucher) in a fresh temp directory per
 * iteration, distinct vouchers, every call Accepted. Compare with
 * {@code VoucherVerifyBenchmark.fullVerify}, which keeps nonces in memory.
 *
 * <pre>
 * java -cp 'benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' \
 *     org.openjdk.jmh.Main VoucherSqliteBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class VoucherSqliteBenchmark {
    @Param({"SM2"})
    public String alg;

    private VoucherBenchFixture fixture;
    private Path stateDir;
    private SqliteReplayStore store;
    private Ybec1Verifier verifier;
    private int next;
    private final Instant now = Instant.ofEpochSecond(VoucherBenchFixture.NOW);

    @Setup(Level.Trial) public void keys() {
        fixture = new VoucherBenchFixture(KeyAlg.valueOf(alg));
    }

    @Setup(Level.Iteration) public void freshStore() throws IOException {
        stateDir = Files.createTempDirectory("voucher-bench");
        store = SqliteReplayStore.open(stateDir);
        verifier = new Ybec1Verifier(fixture.trust(), store, Ybec1Verifier.DEFAULT_SKEW);
        next = 0;
    }

    @TearDown(Level.Iteration) public void dropStore() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One accepted voucher, its nonce made durable in SQLite. */
    @Benchmark public VoucherOutcome fullVerifySqlite() {
        if (next == VoucherBenchFixture.VOUCHERS) {
            throw new IllegalStateException("more vouchers verified in one iteration than were made");
        }
        VoucherOutcome outcome = verifier.decode(fixture.voucher(next++), now);
        if (!(outcome instanceof VoucherOutcome.Accepted)) {
            throw new IllegalStateException("refused: " + outcome);
        }
        return outcome;
    }
}
