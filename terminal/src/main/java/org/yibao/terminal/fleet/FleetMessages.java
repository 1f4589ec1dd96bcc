package org.yibao.terminal.fleet;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.RefusalReason;
import org.yibao.outbox.Refused;

/**
 * What the fleet agent sends the centre, through the outbox's control lane (durable, retried
 * until the centre acknowledges, never held by a full claims backlog): update results
 * ({@code fleet.result}) and command reports ({@code fleet.status}, {@code fleet.selftest},
 * {@code fleet.diagnostics}).
 *
 * <p>Promises: a full control lane never refuses the caller's transaction (an update is applied
 * whether or not its result can be queued now): a message the lane has no room for is kept in
 * {@code fleet_unsent} in the same transaction, and so is every later one while any waits, so
 * they reach the outbox in order; {@link #queueWaiting} moves them over as room appears. Only
 * the fleet agent's one thread uses it.
 */
final class FleetMessages {
    private static final Logger LOG = LoggerFactory.getLogger(FleetMessages.class);
    /** Control lane, not held by the soft backlog limits. */
    static final MessageClass FLEET = new MessageClass("FLEET", Lane.CONTROL, false);
    /** Waiting messages moved per transaction. */
    private static final int BATCH = 50;

    private final Outbox outbox;
    private final FleetStore store;
    /** Whether {@code fleet_unsent} may hold messages (set before they are kept, cleared once it was seen empty). */
    private volatile boolean waiting;

    FleetMessages(Outbox outbox, FleetStore store) throws SQLException {
        this.outbox = outbox;
        this.store = store;
        this.waiting = store.unsentCount() > 0;
    }

    /** Appends inside the caller's transaction, or keeps it for later when the control lane is full. */
    void append(Connection c, String type, String key, byte[] payload) throws SQLException {
        if (!waiting) {
            AppendResult result = outbox.append(c, new NewMessage(type, FLEET, null, payload));
            if (!(result instanceof Refused refused)) return;
            if (refused.reason() != RefusalReason.HARD_LIMIT) {
                throw new IllegalStateException("outbox refused " + type + " for " + key + ": " + refused.reason() + " " + refused.detail());
            }
            LOG.warn("fleet: the control lane is full ({}); {} of {} and what follows wait in terminal.db until there is room",
                    refused.detail(), type, key);
        }
        waiting = true;
        store.keepUnsent(c, type, key, payload);
    }

    /** Appends in a transaction of its own (or keeps it for later, as {@link #append(Connection, String, String, byte[])}). */
    void append(String type, String key, byte[] payload) throws SQLException {
        store.database().inTransaction(c -> {
            append(c, type, key, payload);
            return null;
        });
    }

    /** How many messages wait for room. */
    long waitingCount() throws SQLException {
        return waiting ? store.unsentCount() : 0;
    }

    /** Moves waiting messages into the outbox, oldest first, as far as the control lane has room; returns how many. */
    int queueWaiting() throws SQLException {
        int queued = 0;
        while (waiting) {
            if (outbox.mayAppend(FLEET) instanceof Refused) break; // still full: not even a write transaction
            List<FleetStore.Unsent> next = store.unsent(BATCH);
            if (next.isEmpty()) {
                waiting = false;
                break;
            }
            int moved = store.database().inTransaction(c -> {
                int n = 0;
                for (FleetStore.Unsent message : next) {
                    AppendResult result = outbox.append(c, new NewMessage(message.type(), FLEET, null, message.payload()));
                    if (result instanceof Refused refused && refused.reason() == RefusalReason.HARD_LIMIT) break;
                    if (result instanceof Refused refused) {
                        LOG.warn("fleet: {} of {} dropped: the outbox refuses it ({} {})", message.type(), message.updateId(),
                                refused.reason(), refused.detail());
                    }
                    store.dropUnsent(c, message.seq());
                    n++;
                }
                return n;
            });
            queued += moved;
            if (moved < next.size()) break;
        }
        if (queued > 0) LOG.info("fleet: {} waiting message(s) queued for the centre", queued);
        return queued;
    }
}
