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
 * persons not seen for that long ({@link PersonCacheRetention}; one who settled here this year is
 * kept until the year ends, as their year-to-date figures are the terminal's own) and the
 * recorded answers that name a person and moved no money, older than that
 * ({@link IdempotencyStore#deletePersonAnswersBefore}), {@value #BATCH} rows per transaction. The
 * running service runs it at start and then every {@link #EVERY}, with the receipts' purge; an
 * interrupt (the service stopping) ends it between two batches.
 */
public final class PersonDataPurge {
    private static final Logger LOG = LoggerFactory.getLogger(PersonDataPurge.class);
    /** How often the service runs it. */
    public static final Duration EVERY = Duration.ofHours(1);
    static final int BATCH = 200;

    /** What one run deleted. */
    public record Deleted(int persons, int answers) {
    }

    /** One batch of deletes; returns how many rows it deleted. */
    @FunctionalInterface
    private interface Batch {
        int run() throws SQLException;
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
        return new Deleted(deletePersons(), deleteAnswers());
    }

    /** {@link #run} for a schedule: a failure (a full disk, say) of either half is logged, the other half still runs. */
    public void runLogged() {
        int deletedPersons = logged("persons", this::deletePersons);
        int deletedAnswers = logged("answers", this::deleteAnswers);
        if (deletedPersons + deletedAnswers > 0) {
            LOG.info("persons: {} persons not seen for {} days and {} older answers naming a person deleted (retention.person_days)",
                    deletedPersons, retention.toDays(), deletedAnswers);
        }
    }

    private int deletePersons() throws SQLException {
        Instant cutoff = clock.instant().minus(retention);
        LocalDate cutoffDate = LocalDate.ofInstant(cutoff, BeijingTime.ZONE);
        LocalDate yearStart = LocalDate.ofInstant(clock.instant(), BeijingTime.ZONE).withDayOfYear(1);
        LocalDate settledSince = cutoffDate.isBefore(yearStart) ? cutoffDate : yearStart;
        return inBatches(() -> persons.deleteUnseenBefore(cutoff, settledSince, BATCH));
    }

    private int deleteAnswers() throws SQLException {
        Instant cutoff = clock.instant().minus(retention);
        return inBatches(() -> replies.deletePersonAnswersBefore(cutoff, BATCH));
    }

    /** Runs {@code batch} until one deletes fewer than {@link #BATCH} rows, or the thread is interrupted. */
    private static int inBatches(Batch batch) throws SQLException {
        int deleted = 0;
        int last;
        do {
            last = batch.run();
            deleted += last;
        } while (last == BATCH && !Thread.currentThread().isInterrupted());
        return deleted;
    }

    private int logged(String what, Batch half) {
        try {
            return half.run();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("persons: deleting the {} older than {} days failed, tried again in {} min: {}",
                    what, retention.toDays(), EVERY.toMinutes(), e.toString());
            return 0;
        }
    }
}
