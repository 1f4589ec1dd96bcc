package org.yibao.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * The outbox's limits, validated and immutable (provisioning sets them).
 *
 * @param softMaxCount    unacknowledged messages in the messages lane at which classes held by
 *                        the backlog are refused
 * @param softMaxBytes    the same, by payload bytes
 * @param maxOldestAge    the same, by age of the oldest unacknowledged message (the offline limit): refused once it is older
 * @param hardMaxCount    unacknowledged messages in the messages lane at which every class is refused
 * @param hardMaxBytes    the same, by payload bytes
 * @param controlMaxCount unacknowledged messages in the control lane at which it refuses
 * @param maxPayloadBytes the largest single payload
 * @param maxAttempts     publishes without a business answer before NEEDS_ATTENTION
 * @param retention       how long ACKED rows are kept before {@link Outbox#purge()} removes them
 */
public record OutboxPolicy(long softMaxCount, long softMaxBytes, Duration maxOldestAge,
                           long hardMaxCount, long hardMaxBytes, long controlMaxCount,
                           int maxPayloadBytes, int maxAttempts, Duration retention) {

    /** Sensible defaults for a counter terminal: 5,000 / 50 MB soft, 72 h offline, 30 days retention. */
    public static OutboxPolicy defaults() {
        return new OutboxPolicy(5_000, 50L << 20, Duration.ofHours(72), 20_000, 200L << 20, 1_000,
                256 << 10, 20, Duration.ofDays(30));
    }

    public OutboxPolicy {
        Objects.requireNonNull(maxOldestAge, "maxOldestAge");
        Objects.requireNonNull(retention, "retention");
        positive("softMaxCount", softMaxCount);
        positive("softMaxBytes", softMaxBytes);
        positive("controlMaxCount", controlMaxCount);
        positive("maxPayloadBytes", maxPayloadBytes);
        positive("maxAttempts", maxAttempts);
        if (hardMaxCount < softMaxCount || hardMaxBytes < softMaxBytes) {
            throw new IllegalArgumentException("hard limits must be at least the soft limits: count "
                    + hardMaxCount + " < " + softMaxCount + " or bytes " + hardMaxBytes + " < " + softMaxBytes);
        }
        if (maxOldestAge.isNegative() || maxOldestAge.isZero() || retention.isNegative()) {
            throw new IllegalArgumentException("maxOldestAge must be positive and retention not negative");
        }
    }

    /** A copy with other soft and hard count limits (tests, provisioning). */
    public OutboxPolicy withCounts(long soft, long hard) {
        return new OutboxPolicy(soft, softMaxBytes, maxOldestAge, hard, hardMaxBytes, controlMaxCount,
                maxPayloadBytes, maxAttempts, retention);
    }

    /** A copy with another limit on the age of the oldest unacknowledged message. */
    public OutboxPolicy withMaxOldestAge(Duration age) {
        return new OutboxPolicy(softMaxCount, softMaxBytes, age, hardMaxCount, hardMaxBytes, controlMaxCount,
                maxPayloadBytes, maxAttempts, retention);
    }

    /** A copy with another attempt limit. */
    public OutboxPolicy withMaxAttempts(int attempts) {
        return new OutboxPolicy(softMaxCount, softMaxBytes, maxOldestAge, hardMaxCount, hardMaxBytes,
                controlMaxCount, maxPayloadBytes, attempts, retention);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
