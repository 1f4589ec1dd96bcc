package org.yibao.terminal.flow;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.terminal.store.person.PersonStore;

/**
 * Records as the terminal's last contact with the centre, from which the policy's
 * {@code max_hours} offline counts, each moment the link vouches that the centre answered until
 * then (see {@link CentreLink#onContact}): every heartbeat while it answers, and the moment a
 * centre heard since the link connected stopped answering (the link lost or stopped, the centre
 * fallen silent behind the broker). Time the centre answered is not time offline, so a terminal
 * left connected through a long closure (no person queried) that finds the network down when it
 * reopens, or after a restart or a power cut, is not refused fund payments at once (1320). A
 * link lost while the centre had already fallen silent, or before it was heard again, is not
 * contact: the time offline goes on counting from the last time it answered. Kept in
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
            LOG.warn("could not record the latest contact with the centre; time offline counts from the one before", e);
        }
    }
}
