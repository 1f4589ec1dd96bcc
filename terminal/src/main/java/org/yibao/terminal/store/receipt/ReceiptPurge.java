package org.yibao.terminal.store.receipt;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receipt retention ({@code retention.receipt_days}) applied: each {@link #run} deletes the
 * printed receipts made longer ago than the retention ({@link ReceiptStore#deletePrintedBefore}:
 * in small transactions, never a receipt that has not printed yet). The running service runs it
 * at start and then every {@link #EVERY}; the settlements themselves are never deleted, so a
 * reversal of a settlement whose receipt is gone still succeeds (its receipt is made from the
 * settlement's record) and a reprint of it is refused 1380.
 */
public final class ReceiptPurge {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptPurge.class);
    /** How often the service runs it (as the outbox's purge of acknowledged claims). */
    public static final Duration EVERY = Duration.ofHours(1);

    private final ReceiptStore receipts;
    private final Duration retention;
    private final Clock clock;

    public ReceiptPurge(ReceiptStore receipts, Duration retention, Clock clock) {
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention must be positive: " + retention);
    }

    /** How long a printed receipt is kept. */
    public Duration retention() {
        return retention;
    }

    /** Deletes the printed receipts made before now minus the retention; returns how many. */
    public int run() throws SQLException {
        int deleted = receipts.deletePrintedBefore(clock.instant().minus(retention));
        if (deleted > 0) {
            LOG.info("receipts: {} printed receipts older than {} days deleted (retention.receipt_days)", deleted, retention.toDays());
        }
        return deleted;
    }

    /** {@link #run} for a schedule: a failure (a full disk, say) is logged and the next run tries again. */
    public void runLogged() {
        try {
            run();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("receipts: deleting the printed receipts older than {} days failed, tried again in {} min: {}",
                    retention.toDays(), EVERY.toMinutes(), e.toString());
        }
    }
}
