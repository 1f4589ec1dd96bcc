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
 * fail at once with {@link UplinkUnavailableException}; connected, one the broker's in-flight
 * limit holds back is tried again within its timeout. What happened tells {@link CentreHearing}:
 * an answer in time is the centre heard, a published request that timed out is the centre silent.
 */
final class Requests {

    private static final long FIRST_RETRY_MILLIS = 10;
    private static final long MAX_RETRY_MILLIS = 200;

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
        publish(new Outgoing(session, topics.request(service), body, properties, answer, System.nanoTime() + timeout.toNanos()),
                FIRST_RETRY_MILLIS);
        if (answer.isDone()) {
            return answer;
        }
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((bytes, failure) -> {
            if (failure instanceof TimeoutException && hearing.unanswered(asked, clock.instant())) centreFellSilent.run();
        });
    }

    /** One request on its way: where it goes, what it carries, who waits for it and until when. */
    private record Outgoing(MqttSession session, String topic, byte[] body, MqttProperties properties,
                            CompletableFuture<byte[]> answer, long deadlineNanos) {
    }

    /**
     * Publishes the request; while Paho refuses it as "too many publishes in progress" (the broker's
     * in-flight slots taken), tries again after a pause that doubles, as long as its timeout leaves
     * time to: it fails then, unpublished, as a request that could not be sent (not as the centre silent).
     */
    private void publish(Outgoing request, long retryMillis) {
        if (request.answer().isDone()) {
            return;
        }
        try {
            request.session().publish(request.topic(), request.body(), request.properties(), null);
        } catch (MqttException e) {
            boolean timeLeft = request.deadlineNanos() - System.nanoTime() > TimeUnit.MILLISECONDS.toNanos(2 * retryMillis);
            if (e.getReasonCode() == Uplink.TOO_MANY_PUBLISHES && timeLeft) {
                CompletableFuture.delayedExecutor(retryMillis, TimeUnit.MILLISECONDS).execute(() ->
                        publish(request, Math.min(2 * retryMillis, MAX_RETRY_MILLIS)));
                return;
            }
            request.answer().completeExceptionally(new UplinkUnavailableException("请求未能发出: " + e.getMessage()));
        }
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
