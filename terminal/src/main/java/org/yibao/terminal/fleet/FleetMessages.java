package org.yibao.terminal.fleet;

import java.sql.Connection;
import java.sql.SQLException;
import org.yibao.outbox.AppendResult;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageClass;
import org.yibao.outbox.NewMessage;
import org.yibao.outbox.Outbox;
import org.yibao.outbox.Refused;

/**
 * What the fleet agent sends the centre, through the outbox's control lane (durable, retried
 * until the centre acknowledges, never held by a full claims backlog): update results
 * ({@code fleet.result}) and command reports ({@code fleet.status}, {@code fleet.selftest},
 * {@code fleet.diagnostics}).
 */
final class FleetMessages {
    /** Control lane, not held by the soft backlog limits. */
    static final MessageClass FLEET = new MessageClass("FLEET", Lane.CONTROL, false);

    private final Outbox outbox;

    FleetMessages(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Appends inside the caller's transaction; a refusal (hard limit) throws, rolling it back. */
    void append(Connection c, String type, String key, byte[] payload) throws SQLException {
        AppendResult result = outbox.append(c, new NewMessage(type, FLEET, null, payload));
        if (result instanceof Refused refused) {
            throw new IllegalStateException("outbox refused " + type + " for " + key + ": " + refused.reason() + " " + refused.detail());
        }
    }

    /** Appends in a transaction of its own. */
    void append(String type, String key, byte[] payload) throws SQLException {
        AppendResult result = outbox.append(new NewMessage(type, FLEET, null, payload));
        if (result instanceof Refused refused) {
            throw new IllegalStateException("outbox refused " + type + " for " + key + ": " + refused.reason() + " " + refused.detail());
        }
    }
}
