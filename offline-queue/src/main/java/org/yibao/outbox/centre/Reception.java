package org.yibao.outbox.centre;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.Lane;
import org.yibao.outbox.wire.Ack;
import org.yibao.outbox.wire.Envelope;
import org.yibao.outbox.wire.EnvelopeCodec;
import org.yibao.outbox.wire.Topics;

/**
 * The reference centre's receiving side without its transport: what {@link ReferenceCentre}
 * does with the deliveries on the devices' claims and control topics between taking them from
 * the broker and publishing the answers.
 *
 * <p>Promises: reads a delivery as its envelopes (one, or a batch); verifies each (its id and
 * sender are the topic's device, it has a type, what the {@link ClaimCheck} checks); stores the
 * deliveries given together in one transaction of the {@link ClaimStore}; and returns one answer
 * per envelope with an id, in order, for the device's acks topic. A delivery on a topic outside
 * the layout, or an envelope without an id, gets no answer and is counted as unreadable.
 */
public final class Reception {

    private static final Logger LOG = LoggerFactory.getLogger(Reception.class);
    private final ClaimStore store;
    private final ClaimCheck check;
    private final String instanceId;
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** Stores into {@code store}, refusing what {@code check} refuses, answering as instance {@code instanceId}. */
    public Reception(ClaimStore store, ClaimCheck check, String instanceId) {
        this.store = Objects.requireNonNull(store, "store");
        this.check = Objects.requireNonNull(check, "check");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    }

    /** One delivery on a device's claims or control topic. */
    public record Delivery(String topic, byte[] payload) {
    }

    /** The answer to one envelope, for the acks topic of the device it came from. */
    public record Answer(String acksTopic, Ack ack) {
    }

    /** Verifies, stores (one transaction) and answers {@code deliveries}; {@code nowMillis} is the time stored and answered. */
    public List<Answer> receive(List<Delivery> deliveries, long nowMillis) throws SQLException {
        List<ClaimStore.Received> claims = new ArrayList<>();
        List<Topics> claimTopics = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            read(delivery, claims, claimTopics);
        }
        List<Ack> acks = store.storeAll(claims, instanceId, nowMillis);
        List<Answer> answers = new ArrayList<>(acks.size());
        for (int i = 0; i < acks.size(); i++) {
            answers.add(new Answer(claimTopics.get(i).acks(), acks.get(i)));
        }
        return answers;
    }

    /** Deliveries this instance could not read (no id to answer). */
    public long unreadable() {
        return unreadable.get();
    }

    /** Messages this instance refused (answered REJECTED, not stored: another device's id, no type, what the check refused). */
    public long refused() {
        return refused.get();
    }

    private void read(Delivery delivery, List<ClaimStore.Received> claims, List<Topics> claimTopics) {
        Topics device = Topics.ofTopic(delivery.topic());
        List<Optional<Envelope>> envelopes = device == null ? List.of() : EnvelopeCodec.decodeAll(delivery.payload());
        if (envelopes.isEmpty()) {
            unreadable.incrementAndGet();
            LOG.warn("centre {}: unreadable message on {} dropped", instanceId, delivery.topic());
            return;
        }
        Lane lane = delivery.topic().endsWith("/" + Lane.CONTROL.topicSegment()) ? Lane.CONTROL : Lane.MESSAGES;
        for (Optional<Envelope> envelope : envelopes) {
            ClaimStore.Received claim = envelope.map(e -> verify(device, lane, e)).orElse(null);
            if (claim == null) {
                unreadable.incrementAndGet();
                LOG.warn("centre {}: an unreadable envelope on {} dropped", instanceId, delivery.topic());
                continue;
            }
            claims.add(claim);
            claimTopics.add(device);
        }
    }

    /**
     * The message as the store takes it, with the refusal when the centre refuses it: another
     * device's id or sender, no type, or what the {@link ClaimCheck} refuses. Null when it has
     * no id to answer.
     */
    private ClaimStore.Received verify(Topics device, Lane lane, Envelope envelope) {
        if (envelope.id().isBlank()) {
            return null;
        }
        ClaimCheck.Refusal refusal = refusal(device, lane, envelope);
        if (refusal != null) {
            refused.incrementAndGet();
            LOG.warn("centre {}: message {} on {}'s {} topic refused {}: {}", instanceId, envelope.id(), device.deviceId(),
                    lane.topicSegment(), refusal.code(), refusal.reason());
        }
        return new ClaimStore.Received(envelope, device.admdvs(), device.fixmedinsCode(), device.deviceId(),
                refusal == null ? null : refusal.code(), refusal == null ? null : refusal.reason());
    }

    private ClaimCheck.Refusal refusal(Topics device, Lane lane, Envelope envelope) {
        if (!device.deviceId().equals(envelope.device()) || !envelope.id().startsWith(device.deviceId() + "-")) {
            return new ClaimCheck.Refusal(ClaimStore.DEVICE_REFUSAL, "报文标识与上传设备不符");
        }
        if (envelope.type() == null || envelope.type().isBlank()) {
            return new ClaimCheck.Refusal(ReferenceCentre.TYPE_REFUSAL, "报文缺少类型");
        }
        try {
            return check.refusal(device, lane, envelope).orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("centre {}: checking message {} failed", instanceId, envelope.id(), e);
            return new ClaimCheck.Refusal(ReferenceCentre.CHECK_FAILED, "中心无法校验该报文");
        }
    }
}
