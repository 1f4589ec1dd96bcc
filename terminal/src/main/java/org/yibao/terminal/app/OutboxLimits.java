package org.yibao.terminal.app;

import java.time.Duration;
import java.util.Optional;
import org.yibao.outbox.OutboxPolicy;
import org.yibao.provisioning.config.DeviceConfig;

/**
 * The outbox's limits ({@link OutboxPolicy}) from a device configuration's {@code offline_limits}
 * and {@code retention} sections; what a section leaves out, or an absent section, keeps
 * {@link OutboxPolicy#defaults()}:
 * <pre>
 * offline_limits.max_backlog_count  softMaxCount: fund-paying settlements refused (1701) at this many
 *                                   unacknowledged claims; hardMaxCount (every claim refused, self-pay
 *                                   too) = the larger of 4 x it and the default 20,000
 * offline_limits.max_backlog_bytes  softMaxBytes (1702); hardMaxBytes = the larger of 4 x it and 200 MiB
 * offline_limits.max_offline_hours  maxOldestAge: fund-paying refused (1703) once the oldest unacknowledged
 *                                   claim is older than this; 0 (no fund payment offline, which the policy's
 *                                   offline check enforces) keeps one hour here, so claims merely in
 *                                   flight while online never refuse a settlement; the settlement flow
 *                                   also applies the policy's offline max_hours where it is shorter
 *                                   ({@code Outbox.mayAppend(MessageClass, Duration)})
 * retention.acked_claim_days        retention: acknowledged claims purged after this many days
 * retention.receipt_days            not the outbox's: {@link ReceiptRetention}
 * </pre>
 * The control lane's limit, the largest payload and the publish attempts stay at the defaults.
 * The factor 4 is the defaults' own ratio (5,000 / 20,000; 50 / 200 MiB), so the defaults'
 * figures (72 h, 5,000, 50 MiB, 30 days) map to exactly {@link OutboxPolicy#defaults()}.
 */
public final class OutboxLimits {
    static final int HARD_OVER_SOFT = 4;

    private OutboxLimits() {
    }

    /** The outbox policy for these sections (empty: that part stays at the default). */
    public static OutboxPolicy of(Optional<DeviceConfig.OfflineLimits> offline, Optional<DeviceConfig.Retention> retention) {
        OutboxPolicy d = OutboxPolicy.defaults();
        long softCount = offline.map(o -> (long) o.maxBacklogCount()).orElse(d.softMaxCount());
        long softBytes = offline.map(DeviceConfig.OfflineLimits::maxBacklogBytes).orElse(d.softMaxBytes());
        Duration oldest = offline.map(o -> Duration.ofHours(Math.max(1, o.maxOfflineHours()))).orElse(d.maxOldestAge());
        Duration kept = retention.map(r -> Duration.ofDays(r.ackedClaimDays())).orElse(d.retention());
        return new OutboxPolicy(softCount, softBytes, oldest, hard(softCount, d.hardMaxCount()), hard(softBytes, d.hardMaxBytes()),
                d.controlMaxCount(), d.maxPayloadBytes(), d.maxAttempts(), kept);
    }

    private static long hard(long soft, long defaultHard) {
        long scaled = soft > Long.MAX_VALUE / HARD_OVER_SOFT ? Long.MAX_VALUE : soft * HARD_OVER_SOFT;
        return Math.max(scaled, defaultHard);
    }
}
