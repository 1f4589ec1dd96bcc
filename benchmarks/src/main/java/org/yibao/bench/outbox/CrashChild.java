package org.yibao.bench.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MqttDefaultFilePersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
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
import org.yibao.outbox.wire.Envelope;
import org.yibao.outbox.wire.Topics;
import org.yibao.outbox.wire.WireCodec;

/**
 * The producing process of {@link PahoBufferCrashComparison}, killed with SIGKILL at random
 * points. Arguments: {@code mode dataDir brokerUri run}. Modes:
 * <ul>
 * <li>{@code outbox} - a business row and its outbox message in one SQLite transaction, as fast
 *     as it can, while the uplink drains (as offline-queue's crash test);</li>
 * <li>{@code outbox-finish} - drain only; exits 0 once the backlog is empty;</li>
 * <li>{@code paho} - publishes through Paho v5 with {@link MqttDefaultFilePersistence} and the
 *     offline buffer persisted ({@link DisconnectedBufferOptions#setPersistBuffer}), automatic
 *     reconnect, clean start off: the way Paho offers to survive outages and restarts. A message
 *     counts as handed over once {@code publish} returned; its id is then appended to
 *     {@code accepted.log} and fsynced (the application's record of what it sent);</li>
 * <li>{@code paho-finish} - connects with the same persistence and waits until Paho has nothing
 *     buffered or in flight (or 60 s passed), then exits 0.</li>
 * </ul>
 * Both publish the same envelope to the same claims topic layout, so one reference centre
 * receives and counts both.
 */
public final class CrashChild {

    static final String OUTBOX_DEVICE = "OUTBOX01";
    static final String PAHO_DEVICE = "PAHO01";
    private static final MessageClass CLAIM = new MessageClass("SELF_PAY", Lane.MESSAGES, false);

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path data = Path.of(args[1]);
        String broker = args[2];
        String run = args[3];
        Files.createDirectories(data);
        switch (mode) {
            case "outbox" -> outbox(data, broker, run, false);
            case "outbox-finish" -> outbox(data, broker, run, true);
            case "paho" -> paho(data, broker, run, false);
            case "paho-finish" -> paho(data, broker, run, true);
            default -> throw new IllegalArgumentException(mode);
        }
    }

    static Topics topics(String device) {
        return new Topics("370100", "P37010000001", device);
    }

    private static void outbox(Path data, String broker, String run, boolean finish) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("terminal.db"))) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS sale(ref TEXT PRIMARY KEY, message_id TEXT NOT NULL UNIQUE)");
                }
                return null;
            });
            Outbox outbox = Outbox.open(db, OUTBOX_DEVICE, OutboxPolicy.defaults().withCounts(1_000_000, 1_000_000), Clock.systemUTC());
            UplinkConfig config = UplinkConfig.of(broker, topics(OUTBOX_DEVICE))
                    .withAckTimeout(Duration.ofSeconds(2)).withCatchUp(2_000, 200);
            Uplink uplink = Uplink.start(outbox, config, Clock.systemUTC(),
                    new FullJitterBackoff(Duration.ofMillis(20), Duration.ofMillis(300), RandomGenerator.of("L64X128MixRandom")),
                    payload -> { });
            ready();
            if (finish) {
                while (outbox.stats(Lane.MESSAGES).count() > 0) {
                    Thread.sleep(50);
                }
                uplink.close();
                System.out.println("DRAINED");
                return;
            }
            for (long n = 0; ; n++) {
                String ref = "R" + run + "-" + n;
                db.inTransaction(c -> {
                    AppendResult result = outbox.append(c, new NewMessage("claim.sale", CLAIM, null,
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
        }
    }

    private static void paho(Path data, String broker, String run, boolean finish) throws Exception {
        Topics topics = topics(PAHO_DEVICE);
        MqttAsyncClient client = new MqttAsyncClient(broker, PAHO_DEVICE,
                new MqttDefaultFilePersistence(data.resolve("paho").toString()));
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setPersistBuffer(true);
        buffer.setBufferSize(1_000_000);
        buffer.setDeleteOldestMessages(false);
        client.setBufferOpts(buffer);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(86_400L);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        options.setConnectionTimeout(2);
        connectUntilConnected(client, options);
        WireCodec.encode(new Envelope(Envelope.VERSION, PAHO_DEVICE + "-warm-up", PAHO_DEVICE, "claim.sale", "SELF_PAY",
                Lane.MESSAGES.name(), null, 0, 1, new byte[1])); // load the JSON classes before the kill clock starts
        ready();
        if (finish) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int quietChecks = 0;
            while (System.nanoTime() < deadline && quietChecks < 20) {
                boolean idle = client.isConnected() && client.getBufferedMessageCount() == 0 && client.getPendingTokens().length == 0;
                quietChecks = idle ? quietChecks + 1 : 0;
                Thread.sleep(100);
            }
            boolean idle = quietChecks >= 20;
            System.out.println(idle ? "DRAINED" : "NOT DRAINED after 60 s: buffered " + client.getBufferedMessageCount()
                    + ", pending " + client.getPendingTokens().length + ", connected " + client.isConnected());
            System.out.flush();
            Runtime.getRuntime().halt(idle ? 0 : 3); // Paho's close may wait on a connection it keeps losing
        }
        try (FileChannel log = FileChannel.open(data.resolve("accepted.log"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            log.write(ByteBuffer.wrap("\n".getBytes(UTF_8))); // after a cut line
            java.util.Map<Integer, Integer> refusals = new java.util.TreeMap<>();
            long refused = 0;
            for (long n = 0; ; ) {
                String id = PAHO_DEVICE + "-r" + run + "n" + n;
                byte[] envelope = WireCodec.encode(new Envelope(Envelope.VERSION, id, PAHO_DEVICE, "claim.sale", "SELF_PAY",
                        Lane.MESSAGES.name(), null, System.currentTimeMillis(), 1, ("{\"ref\":\"" + id + "\"}").getBytes(UTF_8)));
                try {
                    client.publish(topics.lane(Lane.MESSAGES), new MqttMessage(envelope, 1, false, null));
                } catch (MqttException notAccepted) {
                    // in flight full, or not connected and not yet buffering: not handed over
                    refusals.merge(notAccepted.getReasonCode(), 1, Integer::sum);
                    if (Long.bitCount(++refused) == 1) {
                        System.out.println("publish refused " + refused + " times so far: " + refusals);
                        System.out.flush();
                    }
                    Thread.sleep(2);
                    continue;
                }
                log.write(ByteBuffer.wrap((id + "\n").getBytes(UTF_8)));
                log.force(false);
                n++;
            }
        }
    }

    private static void connectUntilConnected(MqttAsyncClient client, MqttConnectionOptions options) throws InterruptedException {
        while (true) {
            try {
                client.connect(options).waitForCompletion(5_000);
                if (client.isConnected()) {
                    return;
                }
            } catch (MqttException e) {
                Thread.sleep(200);
            }
        }
    }

    private static void ready() {
        System.out.println("READY");
        System.out.flush();
    }

    /**
     * The ids in the children's {@code accepted.log}: whole ids on complete lines only (a kill
     * may cut the last line; the next child starts on a new line; a cut id that still looks
     * whole is an earlier id of the same child, already in the set).
     */
    static java.util.Set<String> accepted(Path data) throws IOException {
        Path log = data.resolve("accepted.log");
        if (!Files.exists(log)) {
            return java.util.Set.of();
        }
        String text = Files.readString(log, UTF_8);
        java.util.Set<String> ids = new java.util.HashSet<>();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
            String id = text.substring(start, end);
            if (id.matches(PAHO_DEVICE + "-r\\d+n\\d+")) {
                ids.add(id);
            }
            start = end + 1;
        }
        return ids;
    }
}
