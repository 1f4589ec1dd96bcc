package org.yibao.outbox.centre;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.testing.MosquittoBroker;
import org.yibao.outbox.wire.Topics;

/**
 * Faults the reference centre must outlive, against a real Mosquitto: whatever a client on the
 * broker puts in a request's properties, the centre goes on answering the others; a claim it
 * could not store for a while (its SQLite file locked) is stored and answered once it can.
 */
class CentreFaultsTest {

    @TempDir
    Path dir;
    MosquittoBroker broker;
    SqliteDatabase db;
    ReferenceCentre centre;
    MqttClient device;
    final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    final Topics topics = new Topics("371502", "H00000000001", "T01");

    @BeforeEach
    void start() throws Exception {
        broker = MosquittoBroker.start(dir.resolve("broker"));
        db = SqliteDatabase.open(dir.resolve("centre.db"));
        centre = ReferenceCentre.start(CentreConfig.of(broker.uri(), "a"), ClaimStore.open(db), Clock.systemUTC());
        centre.handle("echo", body -> ("echo:" + new String(body, UTF_8)).getBytes(UTF_8));
        device = new MqttClient(broker.uri(), "T01", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        device.connect(options);
        device.subscribe(new MqttSubscription[] {new MqttSubscription(topics.responses(), 1)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                    (topic, message) -> answers.add(new String(message.getPayload(), UTF_8))});
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (device.isConnected()) device.disconnect();
            device.close();
            centre.close();
            db.close();
        } finally {
            broker.stop();
        }
    }

    @Test
    void requestsWithAResponseTopicNoOneCanPublishToDoNotStopTheCentreAnswering() throws Exception {
        for (int i = 0; i < 20; i++) {
            askFromAnotherClient("bad" + i, "yb/+/wildcard"); // Paho will not send it; mosquitto_pub and the broker do
        }
        ask("42", topics.responses());
        String answer = answers.poll(10, TimeUnit.SECONDS);
        assertNotNull(answer, "the centre stopped answering after requests whose response topic has a wildcard");
        assertEquals("echo:42", answer);
    }

    /**
     * The centre's file locked longer than SQLite's busy timeout (another instance sharing it, a
     * backup tool): the claim that arrived meanwhile is stored and acknowledged once the lock is
     * gone. The broker delivers an unacknowledged message again only on a new connection, so a
     * delivery the centre let go of would wait for the device's resend, and hold one of the
     * broker's in-flight slots to the centre until then.
     */
    @Test
    void aClaimThatArrivedWhileTheFileWasLockedIsStoredOnceItIsNot() throws Exception {
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder;
        try (SqliteDatabase other = SqliteDatabase.open(dir.resolve("centre.db"))) {
            holder = Thread.ofPlatform().start(() -> {
                try {
                    other.inTransaction(c -> {
                        try (var s = c.createStatement()) {
                            s.executeUpdate("UPDATE centre_reject SET code = code"); // takes the write lock
                        }
                        locked.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(locked.await(10, TimeUnit.SECONDS));
            byte[] payload = "{\"claim\":1}".getBytes(UTF_8);
            device.publish(topics.lane(org.yibao.outbox.Lane.MESSAGES), new MqttMessage(org.yibao.outbox.wire.WireCodec.encode(
                    new org.yibao.outbox.wire.Envelope(org.yibao.outbox.wire.Envelope.VERSION, "T01-1", "T01", "settlement", "FUND",
                            "MESSAGES", null, 0, 1, payload)), 1, false, null));
            Thread.sleep(SqliteDatabase.BUSY_TIMEOUT_MS + 1_500); // the centre's store gave up waiting
            release.countDown();
            holder.join(10_000);
        }
        org.yibao.outbox.testing.Eventually.await(java.time.Duration.ofSeconds(15), () -> centre.store().find("T01-1").isPresent(),
                () -> "the claim that arrived while the file was locked was never stored");
    }

    /** Sends a request as any MQTT v5 client on the broker can, with the response topic as given (mosquitto_pub checks nothing). */
    private void askFromAnotherClient(String body, String responseTopic) throws Exception {
        Process pub = new ProcessBuilder("mosquitto_pub", "-V", "mqttv5", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                "-q", "1", "-t", topics.request("echo"), "-m", body, "-D", "publish", "response-topic", responseTopic,
                "-D", "publish", "correlation-data", body).redirectErrorStream(true).start();
        String output = new String(pub.getInputStream().readAllBytes(), UTF_8);
        assertEquals(0, pub.waitFor(), "mosquitto_pub: " + output);
    }

    private void ask(String body, String responseTopic) throws Exception {
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic);
        properties.setCorrelationData(body.getBytes(UTF_8));
        device.publish(topics.request("echo"), new MqttMessage(body.getBytes(UTF_8), 1, false, properties));
    }
}
