package org.yibao.terminal.flow.clock;

import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import org.yibao.outbox.Lane;
import org.yibao.outbox.Outbox;
import org.yibao.terminal.store.clock.ClockConfirmation;
import org.yibao.terminal.store.clock.ClockConfirmations;

/**
 * The {@link ClockGuard}'s evidence as stored: the newest claim's time in the outbox (every
 * settlement, reversal and clinic step queues one, stamped by the clock of its day) and the
 * technician's latest confirmation. Survives restarts, so a box that boots with its clock reset
 * is held back from its first transaction. Only the claims' lane counts: claims are written only
 * after the guard trusted the clock, while the fleet's reports and results (the control lane) are
 * written whatever the clock says, and one written by a clock set back would otherwise be the
 * newest record and lower the floor to that clock.
 */
public record StoredClockEvidence(Outbox outbox, ClockConfirmations confirmations) implements ClockGuard.Evidence {
    public StoredClockEvidence {
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(confirmations, "confirmations");
    }

    @Override
    public ClockFloor load() throws SQLException {
        return ClockFloor.of(ClockFloor.RELEASED, outbox.newestAppendedAt(Lane.MESSAGES), confirmations.latest());
    }

    @Override
    public Optional<ClockConfirmation> confirmation() throws SQLException {
        return confirmations.latest();
    }
}
