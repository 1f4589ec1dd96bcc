package org.yibao.outbox.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.testing.Eventually;
import org.yibao.outbox.testing.MosquittoBroker;
import org.yibao.outbox.testing.RawMqtt;

/**
 * The largest packet the device declares at CONNECT, against a real Mosquitto: a larger message
 * on its commands topic is dropped by the broker (never read into the device's heap), the ones
 * before and after it arrive, and the session goes on.
 */
class MaxPacketTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void aCommandLargerThanTheDeclaredPacketIsDroppedByTheBrokerAndTheOthersArrive(@TempDir Path dir) throws Exception {
        List<Integer> received = new CopyOnWriteArrayList<>();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"));
             Terminal t = new Terminal(dir, "MAXPKT01");
             RawMqtt centre = new RawMqtt(broker.uri(), "centre-maxpkt")) {
            UplinkConfig config = UplinkConfig.of(broker.uri(), t.topics).withMaxPacket(64 * 1024);
            t.uplink = Uplink.start(t.outbox, config, Clock.systemUTC(), Terminal.FAST, payload -> received.add(payload.length));
            Eventually.await(BOUND, t.uplink::connected, () -> "never connected");
            long connections = t.uplink.connections();
            centre.publish(t.topics.commands(), new byte[1_000]);
            centre.publish(t.topics.commands(), new byte[200_000]);
            centre.publish(t.topics.commands(), new byte[60_000]);
            Eventually.await(BOUND, () -> received.size() >= 2, () -> "received " + received);
            Thread.sleep(500);
            assertEquals(List.of(1_000, 60_000), received, "the 200,000-byte one never reached the device");
            assertTrue(t.uplink.connected());
            assertEquals(connections, t.uplink.connections(), "the session went on");
            assertEquals(64 * 1024, t.uplink.maxPacketBytes());
        }
    }

    @Test
    void theDefaultIsASixthOfTheHeapWithinMqttsLimits() {
        assertEquals(64L * 1024 * 1024 / 6, UplinkConfig.heapBoundPacket(64L * 1024 * 1024));
        assertEquals(1L << 20, UplinkConfig.heapBoundPacket(2L * 1024 * 1024));
        assertEquals(UplinkConfig.MQTT_MAX_PACKET, UplinkConfig.heapBoundPacket(Long.MAX_VALUE));
    }
}
