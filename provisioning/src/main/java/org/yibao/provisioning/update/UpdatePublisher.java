package org.yibao.provisioning.update;

import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.yibao.outbox.wire.Topics;

/**
 * Publishes stored updates (QoS 1, not retained) on a device's {@code .../commands} or an area's
 * {@code yb/{admdvs}/area/commands}. Delivery is a courtesy: a device that misses a push gets
 * the update from its catch-up request, so a publish that fails loses nothing.
 */
public final class UpdatePublisher implements AutoCloseable {
    private static final long TIMEOUT_MS = 10_000;
    private final MqttAsyncClient client;

    private UpdatePublisher(MqttAsyncClient client) {
        this.client = client;
    }

    /** Connects to {@code brokerUri} with a fresh client id. */
    public static UpdatePublisher connect(String brokerUri) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUri, "centre-publish-" + UUID.randomUUID().toString().substring(0, 8),
                new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        try {
            client.connect(options).waitForCompletion(TIMEOUT_MS);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return new UpdatePublisher(client);
    }

    /** The topic of {@code target}: the device's commands (where {@code device} says it is) or the area's. */
    public static String topic(UpdateTarget target, UpdateLedger.Device device) {
        return target.scope() == UpdateTarget.Scope.AREA ? Topics.areaCommands(target.id()) : device.topics().commands();
    }

    /** Publishes {@code envelope} on {@code topic} and waits for the broker's PUBACK. */
    public void publish(String topic, byte[] envelope) throws MqttException {
        client.publish(topic, new MqttMessage(envelope, 1, false, null)).waitForCompletion(TIMEOUT_MS);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) client.disconnect(2_000).waitForCompletion(3_000);
        } catch (MqttException ignored) {
            // going away
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // released
        }
    }
}
