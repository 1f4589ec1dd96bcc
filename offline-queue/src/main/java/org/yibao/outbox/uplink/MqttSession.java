package org.yibao.outbox.uplink;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.yibao.outbox.wire.DeviceStatus;
import org.yibao.outbox.wire.Topics;
import org.yibao.outbox.wire.WireCodec;

/**
 * One connection to the broker: a fresh Paho v5 async client with memory persistence (Paho's
 * state is never the record of truth, so nothing of it survives a reconnect), clean start off
 * with a session expiry, a retained offline last will, and the device's inbound subscriptions.
 */
final class MqttSession {

    /** What the session tells its owner, from Paho's threads. */
    interface Listener {
        void lost(int generation, String cause);

        void error(String cause);

        void arrived(String topic, MqttMessage message);
    }

    private final MqttAsyncClient client;
    private final int generation;
    private final int serverReceiveMaximum;
    private final long serverMaximumPacketSize;

    private MqttSession(MqttAsyncClient client, int generation, int serverReceiveMaximum, long serverMaximumPacketSize) {
        this.client = client;
        this.generation = generation;
        this.serverReceiveMaximum = serverReceiveMaximum;
        this.serverMaximumPacketSize = serverMaximumPacketSize;
    }

    /** Connects and subscribes, or throws (and leaves nothing open). */
    static MqttSession open(UplinkConfig config, int generation, Listener listener, long nowMillis) throws MqttException {
        Topics topics = config.topics();
        MqttAsyncClient client = new MqttAsyncClient(config.serverUri(), topics.deviceId(), new MemoryPersistence());
        try {
            client.setCallback(callback(generation, listener));
            IMqttToken connect = client.connect(options(config, nowMillis));
            connect.waitForCompletion(config.connectTimeout().toMillis() + 1000);
            int receiveMaximum = receiveMaximum(connect);
            MqttSubscription[] subscriptions = {
                new MqttSubscription(topics.acks(), 1),
                new MqttSubscription(topics.commands(), 1),
                new MqttSubscription(topics.areaCommands(), 1),
                new MqttSubscription(topics.responses(), 1),
            };
            client.subscribe(subscriptions).waitForCompletion(config.connectTimeout().toMillis());
            MqttSession session = new MqttSession(client, generation, receiveMaximum, maximumPacketSize(connect));
            session.publishStatus(topics, "online", "connected", nowMillis).waitForCompletion(config.connectTimeout().toMillis());
            return session;
        } catch (MqttException | RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    int generation() {
        return generation;
    }

    /** The most publishes the broker lets this client have in flight. */
    int serverReceiveMaximum() {
        return serverReceiveMaximum;
    }

    /** The largest packet the broker accepts from this client (its CONNACK says; MQTT's limit when it does not). */
    long serverMaximumPacketSize() {
        return serverMaximumPacketSize;
    }

    IMqttToken publish(String topic, byte[] payload, MqttProperties properties, MqttActionListener done) throws MqttException {
        MqttMessage message = new MqttMessage(payload, 1, false, properties);
        return client.publish(topic, message, null, done);
    }

    IMqttToken publishStatus(Topics topics, String state, String reason, long nowMillis) throws MqttException {
        byte[] status = WireCodec.encode(new DeviceStatus(1, topics.deviceId(), state, reason, nowMillis));
        return client.publish(topics.status(), new MqttMessage(status, 1, true, null));
    }

    /** A deliberate goodbye: retained "offline/shutdown", then a normal disconnect (no will). */
    void shutdown(Topics topics, long nowMillis, long timeoutMillis) {
        try {
            if (client.isConnected()) {
                publishStatus(topics, "offline", "shutdown", nowMillis).waitForCompletion(timeoutMillis);
                client.disconnect(timeoutMillis).waitForCompletion(timeoutMillis);
            }
        } catch (MqttException e) {
            // going away anyway; the will says offline
        }
        closeQuietly(client);
    }

    /** Drops the connection without a goodbye (after a loss). */
    void abandon() {
        closeQuietly(client);
    }

    private static MqttConnectionOptions options(UplinkConfig config, long nowMillis) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        options.setKeepAliveInterval((int) config.keepAlive().toSeconds());
        options.setConnectionTimeout((int) Math.max(1, config.connectTimeout().toSeconds()));
        options.setAutomaticReconnect(false);
        if (config.maxPacketBytes() > 0) options.setMaximumPacketSize(config.maxPacketBytes());
        byte[] will = WireCodec.encode(new DeviceStatus(1, config.topics().deviceId(), "offline", "lost", nowMillis));
        options.setWill(config.topics().status(), new MqttMessage(will, 1, true, null));
        if (config.tls() == null) {
            options.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        } else {
            try {
                options.setSocketFactory(config.tls().socketFactory());
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw new MqttException(org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_SSL_CONFIG_ERROR, e);
            }
        }
        return options;
    }

    private static int receiveMaximum(IMqttToken connect) {
        MqttProperties properties = connect.getResponseProperties();
        Integer max = properties == null ? null : properties.getReceiveMaximum();
        return max == null || max <= 0 ? 65_535 : max;
    }

    private static long maximumPacketSize(IMqttToken connect) {
        MqttProperties properties = connect.getResponseProperties();
        Long max = properties == null ? null : properties.getMaximumPacketSize();
        return max == null || max <= 0 ? 268_435_455L : max;
    }

    /** Why the connection ended, in Chinese for the centre's status: the client's reason, or the broker's DISCONNECT code. */
    static String disconnectReason(MqttDisconnectResponse response) {
        if (response.getException() != null) return PahoReasons.chinese(response.getException());
        String detail = response.getReasonString() == null ? "" : "：" + response.getReasonString();
        return "消息服务器断开了连接（原因码 " + response.getReturnCode() + detail + "）";
    }

    private static MqttCallback callback(int generation, Listener listener) {
        return new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                listener.lost(generation, disconnectReason(response));
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                listener.error("MQTT 错误：" + PahoReasons.chinese(exception));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                listener.arrived(topic, message);
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // publishes report through their own action listeners
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                // the session announces itself when open() returns
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // no enhanced authentication
            }
        };
    }

    private static void closeQuietly(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 500, false);
            }
        } catch (MqttException | RuntimeException ignored) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException ignored) {
            // nothing more to release
        }
    }
}
