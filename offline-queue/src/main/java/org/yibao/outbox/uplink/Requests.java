package org.yibao.outbox.uplink;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.yibao.outbox.wire.Topics;

/**
 * MQTT v5 request/response: each request carries the device's response topic and fresh
 * correlation data; the answer with the same correlation completes it; a timeout fails it
 * with {@link java.util.concurrent.TimeoutException}. Requests are not queued: offline, they
 * fail at once with {@link UplinkUnavailableException}. What happened tells {@link CentreHearing}:
 * an answer in time is the centre heard, a published request that timed out is the centre silent.
 */
final class Requests {

    private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final CentreHearing hearing;
    private final Clock clock;
    private final Runnable centreFellSilent;

    /** {@code centreFellSilent} runs (on the timer's thread) when a timeout ends a spell of the centre answering. */
    Requests(CentreHearing hearing, Clock clock, Runnable centreFellSilent) {
        this.hearing = hearing;
        this.clock = clock;
        this.centreFellSilent = centreFellSilent;
    }

    CompletableFuture<byte[]> send(MqttSession session, Topics topics, String service, byte[] body, Duration timeout) {
        if (session == null) {
            return CompletableFuture.failedFuture(new UplinkUnavailableException("与中心的连接未建立，无法在线查询"));
        }
        String correlation = UUID.randomUUID().toString();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        long asked = hearing.ask();
        pending.put(correlation, answer);
        answer.whenComplete((bytes, failure) -> pending.remove(correlation));
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(topics.responses());
        properties.setCorrelationData(correlation.getBytes(StandardCharsets.US_ASCII));
        properties.setMessageExpiryInterval(Math.max(1, timeout.toSeconds()));
        try {
            session.publish(topics.request(service), body, properties, null);
        } catch (MqttException e) {
            answer.completeExceptionally(new UplinkUnavailableException("请求未能发出: " + e.getMessage()));
            return answer;
        }
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((bytes, failure) -> {
            if (failure instanceof TimeoutException && hearing.unanswered(asked, clock.instant())) centreFellSilent.run();
        });
    }

    /** Completes the request this response answers; unknown or late answers are dropped. */
    void answer(MqttMessage message) {
        MqttProperties properties = message.getProperties();
        byte[] correlation = properties == null ? null : properties.getCorrelationData();
        if (correlation == null) {
            return;
        }
        CompletableFuture<byte[]> waiting = pending.get(new String(correlation, StandardCharsets.US_ASCII));
        if (waiting != null && !waiting.isDone()) {
            hearing.heard(); // first: whoever waits reads the centre as answering once it has the answer
            waiting.complete(message.getPayload());
        }
    }

    int waiting() {
        return pending.size();
    }
}
