package org.yibao.provisioning.selftest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.yibao.outbox.uplink.PahoReasons;
import org.yibao.outbox.uplink.TlsFiles;
import org.yibao.outbox.wire.Topics;

/**
 * Connects to the configured broker with MQTT v5 (with the device's TLS files when given) (its own client id {@code <device>-selftest},
 * so a running service is not disconnected) and makes one request/response round trip to the
 * centre on offline-queue's topic layout ({@code .../req/selftest}, answer on {@code .../resp}
 * matched by correlation data). Any answer proves the round trip; none within the timeout is FAIL.
 */
public record UplinkCheck(String brokerUri, Topics topics, Duration timeout, TlsFiles tls) implements Check {

    /** A check over plain TCP (or an {@code ssl://} broker without client certificate). */
    public UplinkCheck(String brokerUri, Topics topics, Duration timeout) {
        this(brokerUri, topics, timeout, null);
    }

    /** The service name of the round trip; the centre may answer it or say it is unknown. */
    public static final String SERVICE = "selftest";

    @Override public String name() {
        return "uplink";
    }

    @Override public CheckResult run() {
        MqttClient client;
        try {
            client = new MqttClient(brokerUri, topics.deviceId() + "-selftest", new MemoryPersistence());
            // Paho's connect waits for ever by default on a port that accepts and never answers
            client.setTimeToWait(Math.max(1000, timeout.toMillis()));
        } catch (MqttException | IllegalArgumentException e) {
            return fail("中心地址无效 " + brokerUri + ": " + e.getMessage());
        }
        try {
            return roundTrip(client);
        } finally {
            close(client);
        }
    }

    private CheckResult roundTrip(MqttClient client) {
        String correlation = UUID.randomUUID().toString();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        client.setCallback(new Answers(correlation, answer));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
        if (tls != null) {
            try {
                options.setSocketFactory(tls.socketFactory());
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                return fail("本机证书或密钥无法读取: " + e.getMessage());
            }
        }
        long started = System.nanoTime();
        try {
            client.connect(options);
        } catch (MqttException e) {
            return fail("无法连接中心 " + brokerUri + "：" + PahoReasons.chinese(e, brokerUri));
        }
        try {
            client.subscribe(topics.responses(), 1);
            MqttMessage request = new MqttMessage("{}".getBytes(StandardCharsets.UTF_8));
            request.setQos(1);
            MqttProperties properties = new MqttProperties();
            properties.setResponseTopic(topics.responses());
            properties.setCorrelationData(correlation.getBytes(StandardCharsets.US_ASCII));
            properties.setMessageExpiryInterval(Math.max(1, timeout.toSeconds()));
            request.setProperties(properties);
            client.publish(topics.request(SERVICE), request);
            answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return pass("已连接 " + brokerUri + "，与中心往返 " + (System.nanoTime() - started) / 1_000_000 + " ms");
        } catch (TimeoutException e) {
            return fail("已连接 " + brokerUri + "，但中心在 " + timeout.toSeconds() + " 秒内未应答");
        } catch (MqttException e) {
            return fail("与中心往返失败：" + PahoReasons.chinese(e));
        } catch (ExecutionException e) {
            return fail("与中心往返失败：" + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("被中断");
        }
    }

    private static void close(MqttClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            } else {
                client.disconnectForcibly(0, 100, false); // a connect that timed out is still in progress
            }
            client.close(true);
        } catch (MqttException ignored) {
            // best effort: the check's verdict is already decided
        }
    }

    private record Answers(String correlation, CompletableFuture<byte[]> answer) implements MqttCallback {
        @Override public void messageArrived(String topic, MqttMessage message) {
            MqttProperties p = message.getProperties();
            byte[] c = p == null ? null : p.getCorrelationData();
            if (c != null && correlation.equals(new String(c, StandardCharsets.US_ASCII))) answer.complete(message.getPayload());
        }

        @Override public void disconnected(MqttDisconnectResponse response) {
            answer.completeExceptionally(new IllegalStateException("连接断开: " + response.getReasonString()));
        }

        @Override public void mqttErrorOccurred(MqttException exception) {
        }

        @Override public void deliveryComplete(IMqttToken token) {
        }

        @Override public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
