package org.yibao.bench.outbox;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.Outcome;
import org.yibao.outbox.StoredMessage;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * What the drain's outcome commits cost per message, without the broker, the centre or Paho:
 * appends {@code n} messages of 1 KB ({@code perKey} to an order key, 0 for none), then takes
 * them as the uplink does ({@link Outbox#nextBatch}, {@code group} at a time) and applies each
 * group's PUBACKs and acceptances in one {@link Outbox#apply}, as the committer does when the
 * answers come back within a commit. Prints the apply's thread CPU time and wall time per
 * message (the reads that pick the next group are not counted).
 *
 * <pre>java -cp 'benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' org.yibao.bench.outbox.OutcomeApplyHarness [n] [perKey] [group]</pre>
 *
 * {@code -Dbench.dir=DIR} puts the database elsewhere (e.g. {@code /dev/shm}, to leave the disk
 * out); {@code -Dbench.drop=name,...} drops outbox triggers or indexes by name first, to see
 * what each costs (dropping {@code outbox_next_head} with keys stops the drain at the heads:
 * use {@code perKey} 0 or 1 then). Benchmark only: the database is deleted at the end.
 */
public final class OutcomeApplyHarness {
    private static final MessageClass FUND = new MessageClass("FUND", Lane.MESSAGES, true);

    private OutcomeApplyHarness() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int perKey = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int group = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        String base = System.getProperty("bench.dir");
        Path dir = base == null ? Files.createTempDirectory("bench-apply") : Files.createTempDirectory(Path.of(base), "bench-apply");
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("outbox.db"))) {
            Outbox outbox = Outbox.open(db, "BENCH01", OutboxPolicy.defaults().withCounts(100_000_000, 100_000_000),
                    Clock.systemUTC());
            drop(db, System.getProperty("bench.drop", ""));
            byte[] payload = new byte[1024];
            Arrays.fill(payload, (byte) 'x');
            for (int i = 0; i < n; i++) {
                String key = perKey == 0 ? null : "K" + (i / perKey);
                outbox.append(new NewMessage("claim.bench", FUND, key, payload));
            }
            drain(outbox, n, group, perKey);
        } finally {
            DrainBenchmark.deleteTree(dir);
        }
    }

    private static void drop(SqliteDatabase db, String names) throws Exception {
        for (String name : names.split(",")) {
            if (name.isBlank()) continue;
            db.inTransaction(c -> {
                String type;
                try (var select = c.prepareStatement("SELECT type FROM sqlite_master WHERE name = ? AND type IN ('index', 'trigger')")) {
                    select.setString(1, name.strip());
                    try (var r = select.executeQuery()) {
                        if (!r.next()) throw new IllegalArgumentException("no outbox index or trigger named " + name.strip());
                        type = r.getString(1);
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("DROP " + type.toUpperCase(java.util.Locale.ROOT) + " " + name.strip());
                }
                return null;
            });
            System.out.println("dropped " + name.strip());
        }
    }

    private static void drain(Outbox outbox, int n, int group, int perKey) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = 0;
        long wall = 0;
        int applied = 0;
        while (applied < n) {
            List<StoredMessage> batch = outbox.nextBatch(Lane.MESSAGES, group, Set.of());
            if (batch.isEmpty()) break;
            List<Outcome> outcomes = new ArrayList<>();
            batch.forEach(m -> outcomes.add(new Outcome.Published(m.id())));
            batch.forEach(m -> outcomes.add(new Outcome.Accepted(m.id())));
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            outbox.apply(outcomes);
            wall += System.nanoTime() - w0;
            cpu += threads.getCurrentThreadCpuTime() - c0;
            applied += batch.size();
        }
        System.out.printf("applied %d of %d messages (%d per key, groups of %d): %.1f µs of CPU and %.1f µs wall per message%n",
                applied, n, perKey, group, cpu / 1000.0 / applied, wall / 1000.0 / applied);
    }
}
