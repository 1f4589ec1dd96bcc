package org.yibao.outbox.testing;

import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/** A plain synchronous MQTT v5 client for tests that poke the broker directly. */
public final class RawMqtt implements AutoCloseable {

    private final MqttClient client;

    public RawMqtt(String serverUri, String clientId) throws MqttException {
        client = new MqttClient(serverUri, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options);
    }

    public void subscribe(String topic, IMqttMessageListener listener) throws MqttException {
        client.subscribe(new MqttSubscription[] {new MqttSubscription(topic, 1)}, new IMqttMessageListener[] {listener});
    }

    public void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, new MqttMessage(payload, 1, false, null));
    }

    /** Publishes a message the broker keeps for every later subscriber of {@code topic}. */
    public void publishRetained(String topic, byte[] payload) throws MqttException {
        client.publish(topic, new MqttMessage(payload, 1, true, null));
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
