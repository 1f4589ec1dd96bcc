package org.yibao.terminal.domain.policy;

import java.time.Duration;

/**
 * Limits for settling while the centre cannot be reached (policy {@code offline}): amounts in
 * fen; past {@code maxHours} offline only self-pay is allowed.
 */
public record OfflineLimits(int maxHours, long maxFundPayPerSettlement, long maxFundPayPerDay,
                            boolean accountRequiresCachedBalance) {
    public OfflineLimits {
        if (maxHours < 0 || maxFundPayPerSettlement < 0 || maxFundPayPerDay < 0) {
            throw new IllegalArgumentException("negative offline limit");
        }
    }

    /**
     * How old the oldest unacknowledged claim may be before fund-paying settlements are refused
     * (DESIGN.md's backpressure: "older than the policy's offline limit"): {@code maxHours}, at least
     * one hour, so that claims merely in flight while the centre answers never refuse a settlement
     * ({@code max_hours: 0} forbids fund payments offline, which the offline check itself enforces).
     */
    public Duration backlogAgeLimit() {
        return Duration.ofHours(Math.max(1, maxHours));
    }
}
