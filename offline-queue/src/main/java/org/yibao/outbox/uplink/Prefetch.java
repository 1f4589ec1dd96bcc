package org.yibao.outbox.uplink;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.yibao.outbox.Lane;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.StoredMessage;

/**
 * The uplink worker's read-ahead of deliverable messages, per lane, so publishing one message
 * does not cost one query.
 *
 * <p>Promises: {@link #next} hands out messages the outbox reported deliverable (PENDING, head
 * of their order key), oldest first, each at most once per load; it queries the outbox only
 * when the lane's read-ahead is below the low-water mark and something may have changed since
 * the last query ({@link #invalidate}: new rows, committed answers, a poll) or the last query
 * filled its batch; a query leaves out what is read ahead and what the caller excludes
 * (in flight, outcomes not yet committed; the supplier's set may be changed). A message read ahead stays PENDING in the outbox, so
 * {@link #clear} (after a lost connection) loses nothing. Only the worker thread uses it.
 */
final class Prefetch {

    private final Outbox outbox;
    private final int batch;
    private final Map<Lane, Deque<StoredMessage>> ahead = new EnumMap<>(Lane.class);
    private final Map<Lane, Boolean> mayHaveMore = new EnumMap<>(Lane.class);
    private final Set<String> aheadIds = new HashSet<>();

    Prefetch(Outbox outbox, int batch) {
        this.outbox = outbox;
        this.batch = batch;
        for (Lane lane : Lane.values()) {
            ahead.put(lane, new ArrayDeque<>());
            mayHaveMore.put(lane, true);
        }
    }

    /**
     * The next message of {@code lane} to publish, or null; reads ahead when fewer than
     * {@code lowWater} are left and the outbox may hold more.
     */
    StoredMessage next(Lane lane, int lowWater, Supplier<Set<String>> exclude) throws SQLException {
        Deque<StoredMessage> queue = ahead.get(lane);
        if (queue.size() < lowWater && mayHaveMore.get(lane)) {
            Set<String> skip = exclude.get();
            skip.addAll(aheadIds);
            var loaded = outbox.nextBatch(lane, batch, skip);
            mayHaveMore.put(lane, loaded.size() == batch);
            for (StoredMessage message : loaded) {
                queue.add(message);
                aheadIds.add(message.id());
            }
        }
        StoredMessage message = queue.poll();
        if (message != null) {
            aheadIds.remove(message.id());
        }
        return message;
    }

    /** Puts {@code message} back at the head of its lane (it could not be published now). */
    void pushBack(StoredMessage message) {
        ahead.get(message.lane()).addFirst(message);
        aheadIds.add(message.id());
    }

    /** Something may have become deliverable: the next call may query again. */
    void invalidate() {
        for (Lane lane : Lane.values()) {
            mayHaveMore.put(lane, true);
        }
    }

    /** Forgets everything read ahead (the messages are still PENDING in the outbox). */
    void clear() {
        ahead.values().forEach(Deque::clear);
        aheadIds.clear();
        invalidate();
    }
}
