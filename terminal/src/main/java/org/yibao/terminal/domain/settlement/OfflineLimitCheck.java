package org.yibao.terminal.domain.settlement;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.money.Fen;
import org.yibao.terminal.domain.policy.OfflineLimits;

/**
 * The policy's offline limits applied to a settlement computed while the centre cannot be
 * reached. Pure: how long the terminal has been offline, what it has already paid from the fund
 * today (all persons) and whether the balance came from the cache are given by the caller.
 * Self-pay (no fund, no account payment) is always allowed.
 */
public final class OfflineLimitCheck {
    private OfflineLimitCheck() {
    }

    /**
     * The state of the terminal when settling offline. {@code offlineFor} empty: no contact with the
     * centre the time offline can be counted from (never heard, or one dated ahead of the clock),
     * so it is longer than any limit.
     */
    public record OfflineState(Optional<Duration> offlineFor, long fundPaidToday, boolean balanceCached) {
        public OfflineState {
            Objects.requireNonNull(offlineFor, "offlineFor");
            if (offlineFor.filter(Duration::isNegative).isPresent() || fundPaidToday < 0) {
                throw new IllegalArgumentException("negative offline state");
            }
        }

        /** Offline for {@code offlineFor}, counted from the last contact with the centre. */
        public OfflineState(Duration offlineFor, long fundPaidToday, boolean balanceCached) {
            this(Optional.of(offlineFor), fundPaidToday, balanceCached);
        }

        /** No contact on record the time offline can be counted from. */
        public static OfflineState unmeasured(long fundPaidToday, boolean balanceCached) {
            return new OfflineState(Optional.empty(), fundPaidToday, balanceCached);
        }
    }

    /** Empty when the settlement may proceed offline; else the refusal (13xx). */
    public static Optional<Refusal> check(OfflineLimits limits, OfflineState state, long fundPay,
                                          long acctPay) {
        if (fundPay == 0 && acctPay == 0) return Optional.empty();
        if (state.offlineFor().isEmpty()) {
            return refusal(SettlementReason.OFFLINE_TOO_LONG, "本机没有可计算脱机时长的中心联系记录（从未联系中心，或记录的时间晚于本机时钟），上限 "
                    + limits.maxHours() + " 小时");
        }
        Duration offlineFor = state.offlineFor().get();
        if (offlineFor.compareTo(Duration.ofHours(limits.maxHours())) > 0) {
            return refusal(SettlementReason.OFFLINE_TOO_LONG, "已脱机 " + shown(offlineFor)
                    + "，上限 " + limits.maxHours() + " 小时");
        }
        if (fundPay > limits.maxFundPayPerSettlement()) {
            return refusal(SettlementReason.OFFLINE_SETTLEMENT_LIMIT, "统筹支付 " + Fen.format(fundPay)
                    + "，上限 " + Fen.format(limits.maxFundPayPerSettlement()));
        }
        if (Math.addExact(state.fundPaidToday(), fundPay) > limits.maxFundPayPerDay()) {
            return refusal(SettlementReason.OFFLINE_DAY_LIMIT, "当日已付 " + Fen.format(state.fundPaidToday())
                    + "，本笔 " + Fen.format(fundPay) + "，上限 " + Fen.format(limits.maxFundPayPerDay()));
        }
        if (acctPay > 0 && limits.accountRequiresCachedBalance() && !state.balanceCached()) {
            return refusal(SettlementReason.OFFLINE_NO_CACHED_BALANCE, "acct_pay " + Fen.format(acctPay));
        }
        return Optional.empty();
    }

    /** Hours, minutes and seconds: a time just past the limit is never shown as the limit itself. */
    private static String shown(Duration d) {
        long s = d.toSeconds();
        return (s / 3600) + " 小时 " + (s % 3600 / 60) + " 分 " + (s % 60) + " 秒";
    }

    private static Optional<Refusal> refusal(SettlementReason reason, String detail) {
        return Optional.of(new Refusal(reason, detail));
    }
}
