package org.yibao.terminal.store.clock;

import java.time.Instant;
import java.util.Objects;

/**
 * A technician's word that the clock was right at {@code confirmedAt} although records dated up
 * to {@code ignoredUpTo} (the newest then) say it is behind (they were written while the clock ran
 * ahead): those records no longer hold transactions back; the confirmation itself, and the records
 * written after it, are the new evidence.
 */
public record ClockConfirmation(Instant confirmedAt, Instant ignoredUpTo) {
    public ClockConfirmation {
        Objects.requireNonNull(confirmedAt, "confirmedAt");
        Objects.requireNonNull(ignoredUpTo, "ignoredUpTo");
    }
}
