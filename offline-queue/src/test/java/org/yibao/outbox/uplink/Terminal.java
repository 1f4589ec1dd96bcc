package org.yibao.outbox.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.wire.Topics;

/** One simulated terminal for the integration tests: its SQLite file, outbox and (optional) uplink. */
final class Terminal implements AutoCloseable {

    static final MessageClass FUND = new MessageClass("FUND", Lane.MESSAGES, true);
    static final MessageClass SELF_PAY = new MessageClass("SELF_PAY", Lane.MESSAGES, false);
    static final MessageClass CONTROL = new MessageClass("CONTROL", Lane.CONTROL, false);
    /** Short, seeded backoff so reconnects in tests take milliseconds, not minutes. */
    static final Backoff FAST = new FullJitterBackoff(Duration.ofMillis(50), Duration.ofMillis(400), RandomGenerator.of("L64X128MixRandom"));

    final SqliteDatabase db;
    final Outbox outbox;
    final Topics topics;
    Uplink uplink;

    Terminal(Path dir, String deviceId, OutboxPolicy policy) throws SQLException {
        this.db = SqliteDatabase.open(dir.resolve(deviceId + ".db"));
        this.outbox = Outbox.open(db, deviceId, policy, Clock.systemUTC());
        this.topics = new Topics("370100", "P37010000001", deviceId);
    }

    Terminal(Path dir, String deviceId) throws SQLException {
        this(dir, deviceId, OutboxPolicy.defaults());
    }

    /**
     * Connects with a 3 s ack timeout: a message the broker took (PUBACK) but lost before the
     * centre got it - broker killed, or the centre's shared subscription offline at that moment -
     * is published again after this long (in the field, after the default 5 min).
     */
    Uplink connect(String serverUri) {
        return connect(UplinkConfig.of(serverUri, topics).withAckTimeout(Duration.ofSeconds(3)));
    }

    Uplink connect(UplinkConfig config) {
        uplink = Uplink.start(outbox, config, Clock.systemUTC(), FAST, payload -> { });
        return uplink;
    }

    String append(String key, MessageClass messageClass, String text) throws SQLException {
        AppendResult result = outbox.append(new NewMessage("claim.test", messageClass, key, text.getBytes(UTF_8)));
        if (!(result instanceof AppendResult.Appended appended)) {
            throw new AssertionError("append refused: " + result);
        }
        if (uplink != null) {
            uplink.wake();
        }
        return appended.id();
    }

    List<String> appendMany(int count, int keys, String prefix) throws SQLException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(append(prefix + (i % keys), SELF_PAY, "{\"n\":" + i + "}"));
        }
        return ids;
    }

    long backlog() throws SQLException {
        return outbox.stats(Lane.MESSAGES).count() + outbox.stats(Lane.CONTROL).count();
    }

    @Override
    public void close() {
        if (uplink != null) {
            uplink.close();
        }
        db.close();
    }
}
