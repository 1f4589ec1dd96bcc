package org.yibao.terminal.flow;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.terminal.store.person.PersonStore;

/**
 * Records the moment the link to the centre was lost as the terminal's last contact with the
 * centre, from which the policy's {@code max_hours} offline counts: time connected is not time
 * offline, so a terminal left connected through a long closure (no person queried) that finds
 * the network down when it reopens is not refused fund payments at once (1320). Kept in
 * terminal.db like the last answered person query, so it holds across a restart.
 */
final class ContactKeeper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ContactKeeper.class);
    private final PersonStore persons;
    private final Clock clock;

    ContactKeeper(PersonStore persons, Clock clock) {
        this.persons = Objects.requireNonNull(persons, "persons");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void run() {
        try {
            persons.touchCentre(clock.instant());
        } catch (SQLException e) {
            LOG.warn("could not record when the link to the centre was lost; time offline counts from the last contact before", e);
        }
    }
}
