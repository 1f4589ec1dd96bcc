package org.yibao.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.yibao.outbox.db.SqliteDatabase;

/**
 * The durable outbox: messages appended inside the caller's own SQLite transaction, with
 * fleet-unique ids {@code <deviceId>-<seq>} whose sequence is the new row's own number, stored in
 * that same transaction and never handed out again (not even after a purge).
 *
 * <p>Promises: an append commits or rolls back with the caller's business write; nothing
 * unacknowledged is ever deleted (a trigger enforces it); messages sharing an order key are
 * handed to the uplink one at a time, each only after the previous one was answered by the
 * centre, while other keys flow; admission ({@link #mayAppend}) and the append itself apply
 * the same limits, read in the same transaction from the running totals the newest row carries
 * and the counts of answered messages a trigger keeps (see {@link OutboxSchema}).
 */
public final class Outbox {

    private final SqliteDatabase db;
    private final String deviceId;
    private final OutboxPolicy policy;
    private final Clock clock;
    private final MessageRows rows;

    private Outbox(SqliteDatabase db, String deviceId, OutboxPolicy policy, Clock clock) {
        this.db = db;
        this.deviceId = deviceId;
        this.policy = policy;
        this.clock = clock;
        this.rows = new MessageRows(clock);
    }

    /**
     * Opens the outbox in {@code db} (creating its tables if needed) for {@code deviceId}, which
     * must be ASCII [A-Za-z0-9_.-] of 1-64 characters and unique in the fleet.
     */
    public static Outbox open(SqliteDatabase db, String deviceId, OutboxPolicy policy, Clock clock) throws SQLException {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(clock, "clock");
        if (deviceId == null || !deviceId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("device id must be 1-64 of [A-Za-z0-9_.-]: " + deviceId);
        }
        db.inTransaction(c -> {
            OutboxSchema.create(c, deviceId);
            return null;
        });
        return new Outbox(db, deviceId, policy, clock);
    }

    /**
     * Numbers this database's messages from {@code firstSeq} if it has numbered none yet (no
     * message stored, its sequence where it starts); returns whether it did. A database that
     * replaces another (the old one quarantined and moved out, a device file lost) would otherwise
     * number from 1 again, and the centre, which already holds those ids, refuses the new claims
     * as reused ids: numbering a new database from a number tied to its creation time keeps ids
     * unique across the databases a device has had.
     */
    public boolean numberFrom(long firstSeq) throws SQLException {
        if (firstSeq < 1) throw new IllegalArgumentException("firstSeq must be positive: " + firstSeq);
        return db.inTransaction(c -> OutboxSchema.numberFrom(c, deviceId, firstSeq));
    }

    /** The device id this outbox numbers messages for. */
    public String deviceId() {
        return deviceId;
    }

    /** The limits in force. */
    public OutboxPolicy policy() {
        return policy;
    }

    /**
     * May a message of {@code messageClass} be appended now? Asked before the payload is known, as
     * for the smallest (one byte): at the byte limit the answer is no, as the append's would be.
     */
    public Admission mayAppend(MessageClass messageClass) throws SQLException {
        return db.read(c -> admission(c, messageClass, 1, policy));
    }

    /**
     * As {@link #mayAppend(MessageClass)}, with the caller's own limit on the age of the oldest
     * unacknowledged message where it is shorter than the policy's (a rule in force now, that the
     * outbox does not know): a message held by the backlog is refused {@link RefusalReason#BACKLOG_AGE}
     * once the oldest is older than the shorter of the two.
     */
    public Admission mayAppend(MessageClass messageClass, Duration maxOldestAge) throws SQLException {
        Objects.requireNonNull(maxOldestAge, "maxOldestAge");
        OutboxPolicy shorter = maxOldestAge.compareTo(policy.maxOldestAge()) < 0 ? policy.withMaxOldestAge(maxOldestAge) : policy;
        return db.read(c -> admission(c, messageClass, 1, shorter));
    }

    /**
     * Appends {@code message} inside the caller's open transaction on {@code inCallersTransaction}
     * (which must be this outbox's database connection, inside {@link SqliteDatabase#inTransaction}).
     * Returns the new id, or a refusal with nothing written.
     */
    public AppendResult append(Connection inCallersTransaction, NewMessage message) throws SQLException {
        Objects.requireNonNull(message, "message");
        if (inCallersTransaction != db.connection() || !db.inTransactionOnThisThread()) {
            throw new IllegalStateException("append must run inside SqliteDatabase.inTransaction on the outbox's own connection");
        }
        if (message.size() > policy.maxPayloadBytes()) {
            return tooLarge(message.size());
        }
        NextAppend next = rows.next(inCallersTransaction, deviceId, message.messageClass().lane(), message.orderKey());
        Admission admission = Admissions.decide(policy, message.messageClass(), next.backlog(), message.size());
        if (admission instanceof Refused refused) {
            return refused;
        }
        return rows.insert(inCallersTransaction, deviceId, message, next, clock.millis());
    }

    /** Appends {@code message} in a transaction of its own (for messages with no business write). */
    public AppendResult append(NewMessage message) throws SQLException {
        return db.inTransaction(c -> append(c, message));
    }

    /**
     * Up to {@code max} PENDING messages of {@code lane} that may be published now, oldest
     * first: none whose order key has an earlier unanswered message, none in {@code exclude}.
     * Reads committed rows on the database's reader connection, so it never waits for a
     * commit in progress (outcomes being committed are the caller's to exclude).
     */
    public List<StoredMessage> nextBatch(Lane lane, int max, Set<String> exclude) throws SQLException {
        return db.readCommitted(c -> rows.deliverable(c, lane, max, exclude));
    }

    /**
     * Applies the uplink's outcomes in one transaction; returns how many rows changed. The
     * commit is atomic but not fsynced on its own ({@link SqliteDatabase#inTransactionSyncedLater}):
     * the next durable commit (every append is one) carries it to disk. A power cut before then
     * can only move a message back to an earlier state (SENT or PENDING), so it is published
     * again and the centre, which stores each claim once, answers it the same way; nothing is
     * lost and the settlements' own commits keep their fsync.
     */
    public int apply(List<? extends Outcome> outcomes) throws SQLException {
        if (outcomes.isEmpty()) {
            return 0;
        }
        return db.inTransactionSyncedLater(c -> rows.apply(c, outcomes));
    }

    /**
     * Puts every SENT message back to PENDING to be published again (after a reconnect), or to
     * NEEDS_ATTENTION once it was published {@code maxAttempts} times. Returns how many moved.
     */
    public int requeueSent() throws SQLException {
        return db.inTransaction(c -> rows.requeueSent(c, Long.MAX_VALUE, policy.maxAttempts()));
    }

    /** As {@link #requeueSent()}, for messages SENT longer than {@code ackTimeout} ago. */
    public int requeueUnanswered(Duration ackTimeout) throws SQLException {
        long before = clock.millis() - ackTimeout.toMillis();
        return db.inTransaction(c -> rows.requeueSent(c, before, policy.maxAttempts()));
    }

    /**
     * Operator action: a NEEDS_ATTENTION message goes back to PENDING with its attempts reset (the
     * same is done from another process, e.g. a technician's command while the service runs, by {@link OutboxOperator}).
     */
    public boolean retry(String id) throws SQLException {
        return db.inTransaction(c -> rows.retry(c, id));
    }

    /** The most rows one purge transaction deletes. */
    static final int PURGE_BATCH = 200;

    /**
     * Deletes ACKED messages answered longer ago than the retention period; returns how many. It
     * deletes them {@value #PURGE_BATCH} at a time, each batch its own transaction: a backlog the
     * centre answered all at once goes without holding the writer for one long transaction (the
     * writer lock is released, and the thread yields, between batches, so a settlement waiting
     * for it gets in between them rather than after the whole purge) and
     * without needing WAL room for all of it at once (on a nearly full flash one transaction for
     * everything failed with SQLITE_FULL at every try and never freed a page). A batch that fails
     * leaves the batches before it done.
     */
    public int purge() throws SQLException {
        long before = clock.millis() - policy.retention().toMillis();
        int purged = 0;
        int batch;
        do {
            batch = db.inTransaction(c -> rows.purgeAcked(c, before, PURGE_BATCH));
            purged += batch;
            Thread.yield();
        } while (batch == PURGE_BATCH);
        return purged;
    }

    /** The backlog of {@code lane}. */
    public BacklogStats stats(Lane lane) throws SQLException {
        return db.read(c -> rows.stats(c, lane));
    }

    /** The message with this id, if still stored. */
    public Optional<StoredMessage> find(String id) throws SQLException {
        return db.read(c -> rows.find(c, id));
    }

    /**
     * When the newest stored message of {@code lane} was appended, by this device's clock at the
     * time (empty when none is stored): the terminal's evidence of how late its clock has already
     * been, when what the lane holds was written only while the clock was trusted.
     */
    public Optional<Instant> newestAppendedAt(Lane lane) throws SQLException {
        return db.read(c -> rows.newestCreatedAt(c, lane));
    }

    /** Messages the operator must look at (REJECTED and NEEDS_ATTENTION), oldest first. */
    public List<StoredMessage> needingAttention(int max) throws SQLException {
        return db.read(c -> rows.needingAttention(c, max));
    }

    private Admission admission(Connection c, MessageClass messageClass, int payloadBytes, OutboxPolicy limits)
            throws SQLException {
        if (payloadBytes > limits.maxPayloadBytes()) {
            return tooLarge(payloadBytes);
        }
        BacklogStats backlog = rows.stats(c, messageClass.lane());
        return Admissions.decide(limits, messageClass, backlog, payloadBytes);
    }

    private Refused tooLarge(int payloadBytes) {
        return new Refused(RefusalReason.PAYLOAD_TOO_LARGE, payloadBytes + " bytes > " + policy.maxPayloadBytes());
    }

    /** The clock's now, for the uplink's metrics. */
    Instant now() {
        return clock.instant();
    }
}
