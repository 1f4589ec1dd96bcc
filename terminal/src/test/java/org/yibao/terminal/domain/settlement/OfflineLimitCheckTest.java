package org.yibao.terminal.domain.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yibao.terminal.domain.Refusal;
import org.yibao.terminal.domain.policy.OfflineLimits;
import org.yibao.terminal.domain.settlement.OfflineLimitCheck.OfflineState;

/** The spec example's offline limits: 72 h, 500.00 per settlement, 5000.00 per day, cached balance. */
class OfflineLimitCheckTest {
    private final OfflineLimits limits = Fixtures.examplePolicy().offline();

    private static Optional<String> code(Optional<Refusal> r) {
        return r.map(x -> x.reason().code());
    }

    @Test
    void withinEveryLimitPasses() {
        OfflineState s = new OfflineState(Duration.ofHours(72), 450000, true);
        // 72 h exactly is not "longer"; 500.00 is the limit itself; 4500 + 500 = 5000.00 exactly.
        assertEquals(Optional.empty(), OfflineLimitCheck.check(limits, s, 50000, 10000));
    }

    @Test
    void tooLongOfflineRefusesFundAndAccountButNotSelfPay() {
        OfflineState s = new OfflineState(Duration.ofHours(72).plusMinutes(1), 0, true);
        assertEquals(Optional.of("1320"), code(OfflineLimitCheck.check(limits, s, 1, 0)));
        assertEquals(Optional.of("1320"), code(OfflineLimitCheck.check(limits, s, 0, 1)));
        assertTrue(OfflineLimitCheck.check(limits, s, 0, 0).isEmpty(), "self-pay always works");
    }

    /** The 1320 detail shows the time offline to the second, or says it cannot be measured (review 2026-12-06). */
    @Test
    void tooLongOfflineSaysHowLongOrThatItCannotBeMeasured() {
        OfflineState past = new OfflineState(Duration.ofHours(72).plusSeconds(1), 0, true);
        assertEquals(Optional.of("已脱机 72 小时 0 分 1 秒，上限 72 小时"), OfflineLimitCheck.check(limits, past, 1, 0).map(Refusal::detail));
        OfflineState unmeasured = OfflineState.unmeasured(0, true);
        Optional<Refusal> r = OfflineLimitCheck.check(limits, unmeasured, 1, 0);
        assertEquals(Optional.of("1320"), code(r));
        assertTrue(r.get().detail().contains("从未联系中心"), r.get().detail());
        assertTrue(OfflineLimitCheck.check(limits, unmeasured, 0, 0).isEmpty(), "self-pay always works");
    }

    @Test
    void perSettlementAndPerDayFundLimits() {
        OfflineState s = new OfflineState(Duration.ofHours(1), 0, true);
        assertEquals(Optional.of("1321"), code(OfflineLimitCheck.check(limits, s, 50001, 0)));
        OfflineState busyDay = new OfflineState(Duration.ofHours(1), 480000, true);
        // 4800.00 already + 200.01 = 5000.01 > 5000.00
        assertEquals(Optional.of("1322"), code(OfflineLimitCheck.check(limits, busyDay, 20001, 0)));
        assertTrue(OfflineLimitCheck.check(limits, busyDay, 20000, 0).isEmpty());
    }

    @Test
    void accountNeedsACachedBalanceWhenThePolicySaysSo() {
        OfflineState noCache = new OfflineState(Duration.ofHours(1), 0, false);
        assertEquals(Optional.of("1323"), code(OfflineLimitCheck.check(limits, noCache, 0, 100)));
        assertTrue(OfflineLimitCheck.check(limits, noCache, 100, 0).isEmpty(), "fund only: no balance needed");
        OfflineLimits lenient = new OfflineLimits(72, 50000, 500000, false);
        assertTrue(OfflineLimitCheck.check(lenient, noCache, 0, 100).isEmpty());
    }

    /** Each offline refusal tells the cashier what still settles: 全自费, or the fund without the account. */
    @Test
    void eachOfflineRefusalSaysWhatStillSettles() {
        OfflineState s = new OfflineState(Duration.ofHours(1), 480000, false);
        Optional<Refusal> perSettlement = OfflineLimitCheck.check(limits, s, 50001, 0);
        Optional<Refusal> perDay = OfflineLimitCheck.check(limits, s, 20001, 0);
        Optional<Refusal> noBalance = OfflineLimitCheck.check(limits, s, 0, 100);
        assertTrue(perSettlement.get().reason().message().endsWith("可改为全自费结算"), perSettlement.get().reason().message());
        assertTrue(perDay.get().reason().message().endsWith("可改为全自费结算"), perDay.get().reason().message());
        assertTrue(noBalance.get().reason().message().endsWith("请改为不使用个人账户结算"), noBalance.get().reason().message());
    }
}
