package org.yibao.terminal.domain.policy;

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
}
