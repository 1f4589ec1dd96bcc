package org.yibao.bench.voucher;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.yibao.terminal.identity.trust.KeyAlg;
import org.yibao.terminal.identity.voucher.VoucherOutcome;

import java.util.concurrent.TimeUnit;

/**
 * JMH: voucher verifications per second (the whole YBEC1 path: size, prefix, base64url, JSON,
 * field rules, key look-up, signature, time window, revocation, replay check against a
 * {@link MemoryReplayStore}) against the bare signature verification of the same key over
 * the same bytes. Goal: fullVerify / bareSignature >= 0.8 for SM2 and for ES256. On a busy
 * machine prefer {@link VoucherRatioHarness}, which interleaves the two.
 *
 * <pre>
 * mvn -q -B -DskipTests -Dmaven.compiler.proc=full package
 * java -cp 'benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' \
 *     org.openjdk.jmh.Main VoucherVerifyBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class VoucherVerifyBenchmark {
    @Param({"SM2", "ES256"})
    public String alg;

    private VoucherBenchFixture fixture;

    @Setup public void setUp() {
        fixture = new VoucherBenchFixture(KeyAlg.valueOf(alg));
    }

    /** The baseline: only the signature check, key already parsed, same bytes. */
    @Benchmark public boolean bareSignature() {
        return fixture.bare();
    }

    /** The whole verifier, ending in Accepted for every call. */
    @Benchmark public VoucherOutcome fullVerify() {
        return fixture.full();
    }
}
