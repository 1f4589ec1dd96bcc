package org.yibao.terminal.app;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.terminal.store.idempotency.IdempotencyStore;
import org.yibao.terminal.store.person.PersonCacheRetention;

/**
 * The persons' retention ({@code retention.person_days}) applied: each {@link #run} deletes the
 * persons not seen for that long ({@link PersonCacheRetention}) and the 1101 answers recorded
 * before it ({@link IdempotencyStore#deleteIdentificationsBefore}), {@value #BATCH} rows per
 * transaction. The running service runs it at start and then every {@link #EVERY}, with the
 * receipts' purge.
 */
public final class PersonDataPurge {
    private static final Logger LOG = LoggerFactory.getLogger(PersonDataPurge.class);
    /** How often the service runs it. */
    public static final Duration EVERY = Duration.ofHours(1);
    static final int BATCH = 200;

    /** What one run deleted. */
    public record Deleted(int persons, int identifications) {
    }

    private final PersonCacheRetention persons;
    private final IdempotencyStore replies;
    private final Duration retention;
    private final Clock clock;

    public PersonDataPurge(PersonCacheRetention persons, IdempotencyStore replies, Duration retention, Clock clock) {
        this.persons = Objects.requireNonNull(persons, "persons");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention must be positive: " + retention);
    }

    /** Deletes what is older than now minus the retention; returns how much. */
    public Deleted run() throws SQLException {
        Instant cutoff = clock.instant().minus(retention);
        LocalDate cutoffDate = LocalDate.ofInstant(cutoff, BeijingTime.ZONE);
        int deletedPersons = 0;
        int batch;
        do {
            batch = persons.deleteUnseenBefore(cutoff, cutoffDate, BATCH);
            deletedPersons += batch;
        } while (batch == BATCH);
        int deletedAnswers = 0;
        do {
            batch = replies.deleteIdentificationsBefore(cutoff, BATCH);
            deletedAnswers += batch;
        } while (batch == BATCH);
        if (deletedPersons + deletedAnswers > 0) {
            LOG.info("persons: {} persons not seen for {} days and {} older 1101 answers deleted (retention.person_days)",
                    deletedPersons, retention.toDays(), deletedAnswers);
        }
        return new Deleted(deletedPersons, deletedAnswers);
    }

    /** {@link #run} for a schedule: a failure (a full disk, say) is logged and the next run tries again. */
    public void runLogged() {
        try {
            run();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("persons: deleting the persons not seen for {} days failed, tried again in {} min: {}",
                    retention.toDays(), EVERY.toMinutes(), e.toString());
        }
    }
}
