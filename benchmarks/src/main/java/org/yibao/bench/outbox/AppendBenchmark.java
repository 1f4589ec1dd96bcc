package org.yibao.bench.outbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * Durable append rate: {@code outboxAppend} (sequence, admission check, insert, trigger-kept
 * counters, in one BEGIN IMMEDIATE transaction) against {@code bareInsert}, a single-row
 * insert in its own transaction on a file opened by the same {@link SqliteDatabase} (WAL,
 * synchronous=FULL). The goal is outboxAppend / bareInsert >= 0.9: both are bound by the fsync.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AppendBenchmark {

    private static final MessageClass FUND = new MessageClass("FUND", Lane.MESSAGES, true);
    private static final byte[] PAYLOAD = "{\"settlement\":\"S-0001\",\"fen\":31660}".repeat(8).getBytes(StandardCharsets.UTF_8);

    private Path dir;
    private SqliteDatabase outboxDb;
    private SqliteDatabase bareDb;
    private Outbox outbox;
    private long n;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("bench-append");
        outboxDb = SqliteDatabase.open(dir.resolve("outbox.db"));
        outbox = Outbox.open(outboxDb, "BENCH01", OutboxPolicy.defaults().withCounts(100_000_000, 100_000_000), Clock.systemUTC());
        bareDb = SqliteDatabase.open(dir.resolve("bare.db"));
        bareDb.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bare(seq INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
            }
            return null;
        });
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        outboxDb.close();
        bareDb.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public AppendResult outboxAppend() throws SQLException {
        return outbox.append(new NewMessage("claim.settle", FUND, "S" + (n++ % 1000), PAYLOAD));
    }

    @Benchmark
    public int bareInsert() throws SQLException {
        return bareDb.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bare(payload) VALUES (?)")) {
                insert.setBytes(1, PAYLOAD);
                return insert.executeUpdate();
            }
        });
    }
}
