package org.yibao.outbox.uplink;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;

/**
 * The end of one publish (a message or a batch), on a Paho thread, turned into the worker's event:
 * a PUBACK, or a failure. A PUBACK with reason 16 "no matching subscribers" reached nobody (after a
 * broker restart, until the centre subscribes again): its messages stay PENDING and are published
 * again after a {@link PublishPause}, not after the ack timeout, and the centre, asked by this
 * publish and not heard from since, counts as silent.
 */
final class PublishListener implements MqttActionListener {

    /** The PUBACK reason code "no matching subscribers": the broker took the message and nobody received it. */
    static final int NO_MATCHING_SUBSCRIBERS = 16;

    private final List<String> ids;
    private final int generation;
    private final long asked;
    private final CentreHearing hearing;
    private final Clock clock;
    private final Consumer<Event> events;

    /** {@code asked} is {@link CentreHearing#ask()} taken as the publish was handed to Paho. */
    PublishListener(List<String> ids, int generation, long asked, CentreHearing hearing, Clock clock, Consumer<Event> events) {
        this.ids = ids;
        this.generation = generation;
        this.asked = asked;
        this.hearing = hearing;
        this.clock = clock;
        this.events = events;
    }

    @Override
    public void onSuccess(IMqttToken token) {
        if (noSubscriber(token)) {
            if (hearing.unanswered(asked, clock.instant())) events.accept(new Event.CentreSilent());
            events.accept(new Event.PublishFailed(ids, generation,
                    "中心未订阅（PUBACK " + NO_MATCHING_SUBSCRIBERS + " no matching subscribers）"));
        } else {
            events.accept(new Event.Puback(ids, generation));
        }
    }

    @Override
    public void onFailure(IMqttToken token, Throwable failure) {
        events.accept(new Event.PublishFailed(ids, generation, String.valueOf(failure)));
    }

    private static boolean noSubscriber(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        if (codes == null) return false;
        for (int code : codes) {
            if (code == NO_MATCHING_SUBSCRIBERS) return true;
        }
        return false;
    }
}
