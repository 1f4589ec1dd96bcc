package org.yibao.outbox.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.outbox.centre.CentreConfig;
import org.yibao.outbox.centre.ClaimStore;
import org.yibao.outbox.centre.ReferenceCentre;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.MosquittoBroker;
import org.yibao.outbox.testing.RawMqtt;
import org.yibao.outbox.wire.DeviceStatus;
import org.yibao.outbox.wire.Topics;
import org.yibao.outbox.wire.WireCodec;

/**
 * The real parts of one model run: a private Mosquitto (with a maximum packet size, so a large
 * message can be set aside), the reference centre on its own SQLite file with an
 * {@link ArrivalOrderWatch}, and one device (its SQLite file, outbox and uplink) whose process
 * can stop and start again on the same file. The device's clock runs with real time plus what
 * the test lets pass.
 */
final class UplinkRig implements AutoCloseable {

    static final String DEVICE = "M01";
    static final int WINDOW = 2;
    static final int BATCH = 4;
    static final int MAX_PACKET = 16_384;
    static final Duration ACK_TIMEOUT = Duration.ofMinutes(10);

    final Path dir;
    final MosquittoBroker broker;
    final SqliteDatabase centreDb;
    final ClaimStore store;
    final ArrivalOrderWatch watch = new ArrivalOrderWatch();
    final Topics topics = new Topics("370100", "P37010000001", DEVICE);
    final ShiftedClock clock = new ShiftedClock();
    ReferenceCentre centre;
    SqliteDatabase deviceDb;
    Outbox outbox;
    volatile Uplink uplink;
    private final AtomicInteger rawClients = new AtomicInteger();

    UplinkRig(Path dir) throws Exception {
        this.dir = dir;
        broker = MosquittoBroker.start(dir.resolve("broker"), List.of("max_packet_size " + MAX_PACKET));
        centreDb = SqliteDatabase.open(dir.resolve("centre.db"));
        store = ClaimStore.open(centreDb);
        startCentre();
        startDevice();
        watch.watch(deviceFile());
    }

    Path deviceFile() {
        return dir.resolve("terminal.db");
    }

    void startCentre() throws Exception {
        centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "a"), store, watch, Clock.systemUTC());
    }

    void stopCentre() {
        centre.close();
        centre = null;
    }

    void startDevice() throws SQLException {
        deviceDb = SqliteDatabase.open(deviceFile());
        outbox = Outbox.open(deviceDb, DEVICE, OutboxPolicy.defaults(), clock);
        UplinkConfig config = UplinkConfig.of(broker.uri(), topics).withInFlightWindow(WINDOW).withBatch(BATCH)
                .withAckTimeout(ACK_TIMEOUT);
        uplink = Uplink.start(outbox, config, clock, Terminal.FAST, payload -> { });
    }

    /** The process ends in order: the uplink says goodbye (when it can), then the database closes. */
    void stopDevice() {
        uplink.close();
        deviceDb.close();
        uplink = null;
        outbox = null;
        deviceDb = null;
    }

    String append(String key, MessageClass messageClass, int size) throws SQLException {
        byte[] payload = "x".repeat(size).getBytes(UTF_8);
        AppendResult result = outbox.append(new NewMessage("claim.model", messageClass, key, payload));
        if (!(result instanceof AppendResult.Appended appended)) {
            throw new AssertionError("append refused: " + result);
        }
        uplink.wake();
        return appended.id();
    }

    /** Publishes {@code payload} on the device's acks topic from a client of its own, as a second answer or a forged one. */
    void publishOnAcks(byte[] payload) throws Exception {
        try (RawMqtt raw = new RawMqtt(broker.uri(), "acker-" + rawClients.incrementAndGet())) {
            raw.publish(topics.acks(), payload);
        }
    }

    /** The retained status a new subscriber gets, if any within 10 s (one is always there once the device connected; the bound only ends a wait in vain). */
    Optional<DeviceStatus> retainedStatus() throws Exception {
        BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
        try (RawMqtt raw = new RawMqtt(broker.uri(), "status-" + rawClients.incrementAndGet())) {
            raw.subscribe(topics.status(), (topic, message) -> got.add(message.getPayload()));
            byte[] status = got.poll(10, TimeUnit.SECONDS);
            return status == null ? Optional.empty() : WireCodec.decode(status, DeviceStatus.class);
        }
    }

    @Override
    public void close() {
        if (uplink != null) {
            stopDevice();
        }
        if (centre != null) {
            stopCentre();
        }
        watch.close();
        centreDb.close();
        broker.stop();
    }

    /** Real time plus whatever the test let pass; never goes back. */
    static final class ShiftedClock extends Clock {
        private final AtomicLong shift = new AtomicLong();

        void pass(Duration duration) {
            shift.addAndGet(duration.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + shift.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }
    }
}
