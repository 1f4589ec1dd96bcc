package org.yibao.outbox.uplink;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.yibao.outbox.Lane;
import org.yibao.outbox.MessageState;
import org.yibao.outbox.OutboxOperator;
import org.yibao.outbox.centre.ClaimCheck;
import org.yibao.outbox.db.SqliteDatabase;
import org.yibao.outbox.wire.Envelope;
import org.yibao.outbox.wire.Topics;

/**
 * Plugged into the reference centre as its {@link ClaimCheck} (it never refuses): at the moment a
 * message reaches the centre, the message before it with the same order key must already be
 * answered in the device's own database (read on a read-only connection of its own, as
 * {@code terminal outbox list} reads it). The centre's store order alone could not tell: two
 * messages of one key published together would still be stored in order.
 */
final class ArrivalOrderWatch implements ClaimCheck {

    private final Map<String, String> previousOfKey = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile SqliteDatabase deviceDb;
    private volatile OutboxOperator operator;

    /** Before {@code id} is appended: the message that must be answered before it may arrive. */
    void expect(String id, String previous) {
        previousOfKey.put(id, previous);
    }

    /** Starts reading the device's database (once it exists). */
    void watch(Path deviceFile) throws SQLException {
        deviceDb = SqliteDatabase.openReadOnly(deviceFile);
        operator = OutboxOperator.existing(deviceDb);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public Optional<Refusal> refusal(Topics from, Lane lane, Envelope envelope) {
        String previous = previousOfKey.get(envelope.id());
        if (previous != null) {
            try {
                MessageState state = stateOf(previous);
                if (state != MessageState.ACKED && state != MessageState.REJECTED) {
                    violations.add(envelope.id() + " (attempt " + envelope.attempt() + ") reached the centre while "
                            + previous + " of its key " + envelope.key() + " was " + state);
                }
            } catch (SQLException | RuntimeException e) {
                violations.add("cannot read " + previous + " at the arrival of " + envelope.id() + ": " + e);
            }
        }
        return Optional.empty();
    }

    /** The state in the device's database; ACKED when it is not among the unacknowledged and attention rows. */
    private MessageState stateOf(String id) throws SQLException {
        return listed().stream().filter(s -> s.id().equals(id)).findFirst()
                .map(OutboxOperator.Summary::state).orElse(MessageState.ACKED);
    }

    /** Every row of the device's outbox but the ACKED ones, as {@code terminal outbox list --all} reads them. */
    List<OutboxOperator.Summary> listed() throws SQLException {
        return operator.list(true, 100_000);
    }

    void close() {
        if (deviceDb != null) {
            deviceDb.close();
        }
    }
}
