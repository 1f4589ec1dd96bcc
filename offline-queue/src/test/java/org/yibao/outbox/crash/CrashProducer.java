package org.yibao.outbox.crash;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.uplink.FullJitterBackoff;
import org.yibao.outbox.uplink.Uplink;
import org.yibao.outbox.uplink.UplinkConfig;
import org.yibao.outbox.wire.Topics;

/**
 * The child JVM of the crash test: a terminal that writes a business row and its outbox
 * message in one transaction, as fast as it can, while its uplink drains - until it is killed
 * with SIGKILL. Modes: {@code append} (append and drain), {@code drain} (drain only),
 * {@code finish} (drain, exit 0 once the backlog is empty).
 * Arguments: dbFile deviceId brokerUri mode seed.
 */
public final class CrashProducer {
    /** How many messages an append run commits at most before it only drains. */
    private static final int APPENDS_PER_RUN = 600;

    /**
     * Starts this producer as a child JVM on {@code db} for {@code device}, its output in
     * {@code dir/child-RUN.log}. Its java.io.tmpdir is in {@code dir}: sqlite-jdbc extracts its
     * native library there, and a child killed with SIGKILL cannot delete it (it would stay in
     * /tmp, about 1 MB per kill).
     */
    static Process start(Path dir, Path db, String device, String brokerUri, String mode, int run) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("child-tmp")),
                "-cp", System.getProperty("java.class.path"), CrashProducer.class.getName(),
                db.toString(), device, brokerUri, mode, Integer.toString(run))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child-" + run + ".log").toFile())
                .start();
    }


    static final MessageClass CLAIM = new MessageClass("SELF_PAY", Lane.MESSAGES, false);

    private CrashProducer() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String device = args[1];
        String broker = args[2];
        String mode = args[3];
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS sale(ref TEXT PRIMARY KEY, message_id TEXT NOT NULL UNIQUE)");
                }
                return null;
            });
            Outbox outbox = Outbox.open(db, device, OutboxPolicy.defaults().withCounts(1_000_000, 1_000_000), Clock.systemUTC());
            UplinkConfig config = UplinkConfig.of(broker, new Topics("370100", "P37010000001", device))
                    .withAckTimeout(Duration.ofSeconds(2)).withCatchUp(2_000, 200);
            Uplink uplink = Uplink.start(outbox, config, Clock.systemUTC(),
                    new FullJitterBackoff(Duration.ofMillis(20), Duration.ofMillis(300), random), payload -> { });
            System.out.println("READY");
            System.out.flush();
            switch (mode) {
                case "append" -> appendForever(db, outbox, uplink, args[4]);
                case "drain" -> Thread.sleep(Long.MAX_VALUE);
                case "finish" -> {
                    while (outbox.stats(Lane.MESSAGES).count() > 0) {
                        Thread.sleep(50);
                    }
                    uplink.close();
                    System.out.println("DRAINED");
                }
                default -> throw new IllegalArgumentException(mode);
            }
        }
    }

    /**
     * Appends up to {@link #APPENDS_PER_RUN} messages, then only drains until killed: with lives of
     * up to 3 s, unbounded appends left tens of thousands of messages for the final drain.
     */
    private static void appendForever(SqliteDatabase db, Outbox outbox, Uplink uplink, String run) throws Exception {
        for (long n = 0; n < APPENDS_PER_RUN; n++) {
            String ref = "R" + run + "-" + n;
            long sequence = n;
            db.inTransaction(c -> {
                AppendResult result = outbox.append(c, new NewMessage("claim.sale", CLAIM, "K" + (sequence % 13),
                        ("{\"ref\":\"" + ref + "\"}").getBytes(UTF_8)));
                if (!(result instanceof AppendResult.Appended appended)) {
                    throw new IllegalStateException("refused: " + result);
                }
                try (PreparedStatement sale = c.prepareStatement("INSERT INTO sale(ref, message_id) VALUES (?, ?)")) {
                    sale.setString(1, ref);
                    sale.setString(2, appended.id());
                    sale.executeUpdate();
                }
                return null;
            });
            uplink.wake();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
