package org.yibao.bench.outbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.SchemaOnlyAppend;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * Whole-process harness for the durable append: an outbox append (sequence, admission, insert,
 * trigger-kept counters; in its own BEGIN IMMEDIATE transaction) against a bare single-row
 * insert in its own transaction on a file opened by the same {@link SqliteDatabase} (WAL,
 * synchronous=FULL), in one JVM. Both are bound by the commit's fsync, whose latency on a shared
 * machine drifts by 10x within seconds, so the two are interleaved one by one (which goes first
 * alternates) and timed separately; each round of {@code n} pairs gives a ratio of throughputs
 * (bare time / outbox time), and the harness prints their median; the goal is >= 0.9. The
 * first round warms up and is not counted.
 *
 * <pre>java -cp 'benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' org.yibao.bench.outbox.AppendRatioHarness [rounds] [appends per round] [cycle|unique|none]</pre>
 *
 * The third argument picks the appends' order keys ({@link Keys}); the default is the one the
 * README's figures have always used. {@code -Dbench.ceiling=true} adds a third runner to every
 * pair, {@link SchemaOnlyAppend}: the append's one INSERT on the outbox's own tables without its
 * read, admission and Java, which shows the ratio this schema allows at best, and a fourth,
 * {@link SchemaOnlyAppend#rowOnly}: that INSERT into the message table alone (no index, trigger
 * or other table), the best any schema storing the message's columns could do.
 */
public final class AppendRatioHarness {

    private static final MessageClass FUND = new MessageClass("FUND", Lane.MESSAGES, true);
    private static final byte[] PAYLOAD = "{\"settlement\":\"S-0001\",\"fen\":31660}".repeat(8).getBytes(StandardCharsets.UTF_8);

    private AppendRatioHarness() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Keys keys = args.length > 2 ? Keys.valueOf(args[2].toUpperCase(java.util.Locale.ROOT)) : Keys.CYCLE;
        Path dir = Files.createTempDirectory("bench-append");
        try (SqliteDatabase outboxDb = SqliteDatabase.open(dir.resolve("outbox.db"));
             SqliteDatabase bareDb = SqliteDatabase.open(dir.resolve("bare.db"))) {
            Outbox outbox = Outbox.open(outboxDb, "BENCH01", OutboxPolicy.defaults().withCounts(100_000_000, 100_000_000),
                    Clock.systemUTC());
            bareDb.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE bare(seq INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
                }
                return null;
            });
            Runner bare = new BareInsert(bareDb);
            Runner append = new OutboxAppend(outbox, keys);
            boolean ceiling = Boolean.getBoolean("bench.ceiling");
            SqliteDatabase ceilingDb = ceiling ? SqliteDatabase.open(dir.resolve("ceiling.db")) : null;
            SqliteDatabase rowOnlyDb = ceiling ? SqliteDatabase.open(dir.resolve("row-only.db")) : null;
            Runner[] runners = ceiling
                    ? new Runner[] {bare, append, schemaOnly(ceilingDb, keys), rowOnly(rowOnlyDb, keys)}
                    : new Runner[] {bare, append};
            List<Double> ratios = new ArrayList<>();
            List<Double> ceilingRatios = new ArrayList<>();
            List<Double> rowOnlyRatios = new ArrayList<>();
            long bareNanos = 0;
            long appendNanos = 0;
            for (int round = 0; round <= rounds; round++) {
                long[] nanos = rotations(runners, perRound);
                if (round == 0) {
                    continue; // warm-up
                }
                bareNanos += nanos[0];
                appendNanos += nanos[1];
                double ratio = (double) nanos[0] / nanos[1];
                ratios.add(ratio);
                System.out.printf("round %2d: bare %.0f/s, outbox append %.0f/s, ratio %.3f%s%n", round,
                        perRound / (nanos[0] / 1e9), perRound / (nanos[1] / 1e9), ratio,
                        ceiling ? String.format(", schema-only insert ratio %.3f, row-only insert ratio %.3f",
                                (double) nanos[0] / nanos[2], (double) nanos[0] / nanos[3]) : "");
                if (ceiling) {
                    ceilingRatios.add((double) nanos[0] / nanos[2]);
                    rowOnlyRatios.add((double) nanos[0] / nanos[3]);
                }
            }
            if (ceiling) {
                System.out.printf("schema-only insert/bare (the ceiling of this schema): median %.3f%n",
                        median(ceilingRatios.stream().mapToDouble(Double::doubleValue).sorted().toArray()));
                System.out.printf("row-only insert/bare (the message table alone, no index or trigger): median %.3f%n",
                        median(rowOnlyRatios.stream().mapToDouble(Double::doubleValue).sorted().toArray()));
                ceilingDb.close();
                rowOnlyDb.close();
            }
            double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("bare single-row insert: %.0f/s, outbox append: %.0f/s (%d rounds of %d pairs, keys %s)%n",
                    (double) rounds * perRound / (bareNanos / 1e9), (double) rounds * perRound / (appendNanos / 1e9), rounds, perRound, keys);
            System.out.printf("ratio outbox/bare: median %.3f, min %.3f, max %.3f, overall %.3f (goal >= 0.9)%n",
                    median(sorted), sorted[0], sorted[sorted.length - 1], (double) bareNanos / appendNanos);
            System.out.printf("WAL frames per commit: bare %.2f, outbox append %.2f (%d commits each)%n",
                    walFramesPerCommit(bareDb, bare), walFramesPerCommit(outboxDb, append), FRAME_SAMPLE);
        } finally {
            DrainBenchmark.deleteTree(dir);
        }
    }

    /**
     * {@code n} rounds of one write by each runner, back to back (the order reverses every other
     * round), so all meet the same disk; returns the nanoseconds spent in each runner.
     */
    private static long[] rotations(Runner[] runners, int n) throws SQLException {
        long[] nanos = new long[runners.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < runners.length; k++) {
                int r = i % 2 == 0 ? k : runners.length - 1 - k;
                nanos[r] += timed(runners[r]);
            }
        }
        return nanos;
    }

    /** The append's INSERT alone on a fresh outbox schema, with the same keys and payload. */
    private static Runner schemaOnly(SqliteDatabase db, Keys keys) throws SQLException {
        Outbox.open(db, "BENCH01", OutboxPolicy.defaults(), Clock.systemUTC()); // the tables, indexes and triggers
        SchemaOnlyAppend insert = new SchemaOnlyAppend(db, "BENCH01");
        long[] n = {0};
        return () -> insert.append(new NewMessage("claim.settle", FUND, keys.key(n[0]++), PAYLOAD), System.currentTimeMillis());
    }

    /** The same INSERT into the outbox's message table alone, on a fresh database. */
    private static Runner rowOnly(SqliteDatabase db, Keys keys) throws SQLException {
        SchemaOnlyAppend insert = SchemaOnlyAppend.rowOnly(db, "BENCH01");
        long[] n = {0};
        return () -> insert.append(new NewMessage("claim.settle", FUND, keys.key(n[0]++), PAYLOAD), System.currentTimeMillis());
    }

    private static long timed(Runner runner) throws SQLException {
        long start = System.nanoTime();
        runner.once();
        return System.nanoTime() - start;
    }

    /** Commits timed for WAL frames: few enough that the automatic checkpoint (1,000 frames) never runs among them. */
    private static final int FRAME_SAMPLE = 100;

    /**
     * WAL frames (pages) one commit of {@code runner} writes, averaged over {@link #FRAME_SAMPLE}
     * commits: the WAL is checkpointed and truncated first, then {@code PRAGMA wal_checkpoint}
     * reports how many frames the commits appended.
     */
    private static double walFramesPerCommit(SqliteDatabase db, Runner runner) throws SQLException {
        walFrames(db, "TRUNCATE");
        for (int i = 0; i < FRAME_SAMPLE; i++) {
            runner.once();
        }
        return (double) walFrames(db, "PASSIVE") / FRAME_SAMPLE;
    }

    private static int walFrames(SqliteDatabase db, String mode) throws SQLException {
        return db.read(c -> {
            try (Statement s = c.createStatement(); var r = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
                if (!r.next() || r.getInt(1) != 0) {
                    throw new SQLException("wal_checkpoint(" + mode + ") was blocked");
                }
                return r.getInt(2);
            }
        });
    }

    static double median(double[] sorted) {
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** One durable write. */
    private interface Runner {
        void once() throws SQLException;
    }

    /**
     * The order keys the appends carry: CYCLE (the default) 1,000 keys in turn, never answered,
     * so after the first 1,000 every append waits behind its key; UNIQUE a key of its own each
     * (a settlement and its reversal share one; each append is its key's head); NONE no key.
     */
    enum Keys {
        CYCLE, UNIQUE, NONE;

        String key(long n) {
            return switch (this) {
                case CYCLE -> "S" + (n % 1000);
                case UNIQUE -> "S" + n;
                case NONE -> null;
            };
        }
    }

    /** The outbox's own append in a transaction of its own. */
    private static final class OutboxAppend implements Runner {
        private final Outbox outbox;
        private final Keys keys;
        private long n;

        OutboxAppend(Outbox outbox, Keys keys) {
            this.outbox = outbox;
            this.keys = keys;
        }

        @Override
        public void once() throws SQLException {
            AppendResult result = outbox.append(new NewMessage("claim.settle", FUND, keys.key(n++), PAYLOAD));
            if (!(result instanceof AppendResult.Appended)) {
                throw new IllegalStateException("append refused: " + result);
            }
        }
    }

    /** A single-row insert with a statement prepared once, as cheap as SQLite allows. */
    private static final class BareInsert implements Runner {
        private final SqliteDatabase db;
        private PreparedStatement insert;

        BareInsert(SqliteDatabase db) {
            this.db = db;
        }

        @Override
        public void once() throws SQLException {
            db.inTransaction(c -> {
                if (insert == null) {
                    insert = c.prepareStatement("INSERT INTO bare(payload) VALUES (?)");
                }
                insert.setBytes(1, PAYLOAD);
                return insert.executeUpdate();
            });
        }
    }
}
