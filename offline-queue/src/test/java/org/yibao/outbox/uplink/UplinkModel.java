package org.yibao.outbox.uplink;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageState;

/**
 * The outbox and uplink rules end to end, over a plain list of messages and three switches
 * (broker, centre, device process up): what a quiet system holds after each step. Test code
 * only; it knows nothing of SQLite, Paho or batches.
 *
 * <ul>
 *   <li>A message is deliverable once the previous message of its order key (either lane) was
 *       answered (ACKED or REJECTED: the centre's answer releases the key, README "Messages
 *       with the same order key go one at a time, each after the previous one was answered").</li>
 *   <li>With the device and the broker up, a deliverable message is published (SENT) and stays
 *       with the broker for the centre (PENDING while the broker lacks the centre's subscription,
 *       after a broker restart); one larger than the broker's packet is set aside as
 *       NEEDS_ATTENTION (E_TOO_LARGE) and holds only its own key.</li>
 *   <li>With the broker and the centre up, what was published is stored once and answered
 *       (REJECTED when the centre was told to reject its id); the answer waits at the broker for
 *       the device, which applies it when it is up. (A message the broker dropped for want of the
 *       centre's subscription gets there by the README's resend after a reconnect or the ack
 *       timeout; the test lets that timeout pass when only such messages are missing.)</li>
 * </ul>
 */
final class UplinkModel {

    /** One appended message as the model sees it. */
    static final class Msg {
        final String id;
        final String key;
        final Lane lane;
        final int size;
        final boolean large;
        final boolean rejectedByCentre;
        /** The clock before and after its append: its created_at lies between. */
        final Instant createdFrom;
        final Instant createdTo;
        final Msg previousOfKey;
        MessageState state = MessageState.PENDING;
        /** Published and PUBACKed at least once (the broker holds it for the centre). */
        boolean atBroker;
        /** The centre has it, or gets it once the broker delivers it or the device publishes it again. */
        boolean storedByCentre;

        Msg(String id, String key, Lane lane, int size, boolean large, boolean rejectedByCentre,
            Instant createdFrom, Instant createdTo, Msg previousOfKey) {
            this.id = id;
            this.key = key;
            this.lane = lane;
            this.size = size;
            this.large = large;
            this.rejectedByCentre = rejectedByCentre;
            this.createdFrom = createdFrom;
            this.createdTo = createdTo;
            this.previousOfKey = previousOfKey;
        }

        boolean answered() {
            return state == MessageState.ACKED || state == MessageState.REJECTED;
        }

        boolean inBacklog() {
            return state.unacknowledged();
        }

        boolean deliverable() {
            return previousOfKey == null || previousOfKey.answered();
        }

        @Override
        public String toString() {
            return id + "(" + key + "," + lane + "," + state + (large ? ",large" : "") + (rejectedByCentre ? ",reject" : "") + ")";
        }
    }

    /** What a settle changed that the uplink's figures must show. */
    record Settled(boolean answersApplied, boolean setAside) {
    }

    final List<Msg> messages = new ArrayList<>();
    private final Map<String, Msg> lastOfKey = new HashMap<>();
    boolean brokerUp = true;
    boolean centreUp = true;
    boolean deviceUp = true;
    /**
     * The broker holds the centre's shared subscription: Mosquitto does not restore it when it
     * restarts, so it is lost then until the centre is up to subscribe again. Meanwhile a publish
     * is answered "no matching subscribers" (PUBACK 16): the message stays PENDING and is
     * published again after a pause (README), the SENT ones the device resends after its
     * reconnect included.
     */
    boolean centreSubscribed = true;

    Msg append(String id, String key, Lane lane, int size, boolean large, boolean rejectedByCentre, Instant from, Instant to) {
        Msg m = new Msg(id, key, lane, size, large, rejectedByCentre, from, to, key == null ? null : lastOfKey.get(key));
        messages.add(m);
        if (key != null) {
            lastOfKey.put(key, m);
        }
        return m;
    }

    /** Runs the rules until nothing moves (one pass in append order is enough: a key's earlier messages come first). */
    Settled settle() {
        boolean answers = false;
        boolean setAside = false;
        if (brokerUp && centreUp) {
            centreSubscribed = true;
        }
        for (Msg m : messages) {
            if (deviceUp && brokerUp && m.deliverable() && (m.state == MessageState.PENDING || m.state == MessageState.SENT)) {
                if (m.large) {
                    m.state = MessageState.NEEDS_ATTENTION;
                    setAside = true;
                } else if (!centreSubscribed) {
                    m.state = MessageState.PENDING;
                } else {
                    m.state = MessageState.SENT;
                    m.atBroker = true;
                }
            }
            if (brokerUp && centreUp && m.atBroker) {
                m.storedByCentre = true;
            }
            if (deviceUp && brokerUp && m.storedByCentre && !m.answered()) {
                m.state = m.rejectedByCentre ? MessageState.REJECTED : MessageState.ACKED;
                answers = true;
            }
        }
        return new Settled(answers, setAside);
    }

    List<Msg> select(Predicate<Msg> which) {
        return messages.stream().filter(which).toList();
    }

    long backlogCount() {
        return select(Msg::inBacklog).size();
    }

    long backlogBytes() {
        return select(Msg::inBacklog).stream().mapToLong(m -> m.size).sum();
    }

    /** The oldest backlog message's age as read between {@code readFrom} and {@code readTo}: [least, most]. */
    Duration[] oldestAge(Instant readFrom, Instant readTo) {
        List<Msg> backlog = select(Msg::inBacklog);
        if (backlog.isEmpty()) {
            return new Duration[] {Duration.ZERO, Duration.ZERO};
        }
        Msg oldest = backlog.getFirst();
        Duration least = Duration.between(oldest.createdTo, readFrom);
        Duration most = Duration.between(oldest.createdFrom, readTo);
        return new Duration[] {least.isNegative() ? Duration.ZERO : least, most};
    }

    long count(MessageState state) {
        return select(m -> m.state == state).size();
    }

    /** Messages never handed to the broker and not answered: an answer to one of them is forged. */
    List<Msg> neverPublished() {
        return select(m -> !m.atBroker && !m.answered());
    }
}
